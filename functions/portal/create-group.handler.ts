import { createGroup } from '../core/use-cases/portal/groups';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.createGroup, async ({ body, caller }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 201,
    body: await createGroup(
      { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
      member,
      body,
    ),
  };
});
