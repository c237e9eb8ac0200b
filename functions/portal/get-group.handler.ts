import { getGroup } from '../core/use-cases/portal/groups';
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
  return {
    status: 200,
    body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
      getGroup(
        {
          inventory: portalInventory(),
          settings: portalSettings(),
          clock: systemClock,
          recent: recentPortalReads(),
        },
        member,
        path.groupId,
      ),
    ),
  };
});
