import { getPortalSummary } from '../core/use-cases/portal/get-summary';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalOverview, portalSettings, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getPortalSummaryRoute } from './get-summary.route';

export const handler = apiHandler(getPortalSummaryRoute, async ({ caller, query }) => {
  return {
    status: 200,
    body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
      getPortalSummary(
        {
          overview: portalOverview(),
          inventory: portalInventory(),
          settings: portalSettings(),
          clock: systemClock,
        },
        member,
        query,
      ),
    ),
  };
});
