import { getPortalSummary, summaryReads } from '../core/use-cases/portal/get-summary';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalOverview, portalSettings, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getPortalSummaryRoute } from './get-summary.route';

export const handler = apiHandler(getPortalSummaryRoute, async ({ caller, query }) => {
  const deps = {
    overview: portalOverview(),
    inventory: portalInventory(),
    settings: portalSettings(),
    clock: systemClock,
  };
  return {
    status: 200,
    body: await readAsPortalMember(
      portalAccess(),
      caller,
      (member, early) => getPortalSummary(deps, member, query, early),
      summaryReads(deps, caller.userId),
    ),
  };
});
