import { setVisibility } from '../core/use-cases/portal/visibility';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.setVisibility, async ({ body, caller }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await setVisibility(
      { settings: portalSettings(), inventory: portalInventory(), clock: systemClock },
      member,
      body,
    ),
  };
});
