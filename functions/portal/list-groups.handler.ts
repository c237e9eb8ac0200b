import { earlyGroupListReads, listGroups } from '../core/use-cases/portal/groups';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import {
  portalAccess,
  portalInventory,
  portalSettings,
  recentPortalReads,
  systemClock,
} from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listGroupsRoute } from './list-groups.route';

export const handler = apiHandler(listGroupsRoute, async ({ caller }) => {
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
      (member, early) => listGroups(deps, member, early),
      earlyGroupListReads(deps, caller.userId),
    ),
  };
});
