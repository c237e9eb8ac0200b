import { earlyGroupReadsOf, getGroup } from '../core/use-cases/portal/groups';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import {
  portalAccess,
  portalInventory,
  portalSettings,
  recentPortalReads,
  systemClock,
} from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getGroupRoute } from './get-group.route';

export const handler = apiHandler(getGroupRoute, async ({ caller, path }) => {
  const deps = {
    inventory: portalInventory(),
    settings: portalSettings(),
    clock: systemClock,
    recent: recentPortalReads(),
  };
  return {
    status: 200,
    body: await readAsPortalMember(
      portalAccess(),
      caller,
      (member, early) => getGroup(deps, member, path.groupId, early),
      earlyGroupReadsOf(deps, caller.userId, path.groupId),
    ),
  };
});
