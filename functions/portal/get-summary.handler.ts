import { getPortalSummary } from '../core/use-cases/portal/get-summary';
import { requirePortalMember } from '../core/use-cases/portal-access';
import {
  accountStore,
  organizationDirectory,
  portalInventory,
  portalSettings,
  systemClock,
} from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.getPortalSummary, async ({ caller, query }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await getPortalSummary(
      {
        organizations: organizationDirectory(),
        inventory: portalInventory(),
        settings: portalSettings(),
        clock: systemClock,
      },
      member,
      query,
    ),
  };
});
