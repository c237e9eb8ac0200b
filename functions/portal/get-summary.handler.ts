import { getPortalSummary } from '../core/use-cases/portal/get-summary';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalOverview, portalSettings, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getPortalSummaryRoute } from './get-summary.route';

export const handler = apiHandler(getPortalSummaryRoute, async ({ caller, query }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await getPortalSummary(
      {
        overview: portalOverview(),
        inventory: portalInventory(),
        settings: portalSettings(),
        clock: systemClock,
      },
      member,
      query,
    ),
  };
});
