import { listGroups } from '../core/use-cases/portal/groups';
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
  return {
    status: 200,
    body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
      listGroups(
        {
          inventory: portalInventory(),
          settings: portalSettings(),
          clock: systemClock,
          recent: recentPortalReads(),
        },
        member,
      ),
    ),
  };
});
