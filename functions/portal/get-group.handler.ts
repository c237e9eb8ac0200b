import { getGroup } from '../core/use-cases/portal/groups';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getGroupRoute } from './get-group.route';

export const handler = apiHandler(getGroupRoute, async ({ caller, path }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await getGroup(
      { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
      member,
      path.groupId,
    ),
  };
});
