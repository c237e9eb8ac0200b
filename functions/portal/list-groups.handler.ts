import { listGroups } from '../core/use-cases/portal/groups';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listGroupsRoute } from './list-groups.route';

export const handler = apiHandler(listGroupsRoute, async ({ caller }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await listGroups(
      { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
      member,
    ),
  };
});
