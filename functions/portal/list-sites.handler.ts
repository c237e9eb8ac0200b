import { listSites } from '../core/use-cases/portal/sites';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalOverview } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listSitesRoute } from './list-sites.route';

export const handler = apiHandler(listSitesRoute, async ({ caller, query }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await listSites({ overview: portalOverview() }, member, query),
  };
});
