import { listSites } from '../core/use-cases/portal/sites';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalOverview } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listSitesRoute } from './list-sites.route';

export const handler = apiHandler(listSitesRoute, async ({ caller, query }) => {
  return {
    status: 200,
    body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
      listSites({ overview: portalOverview() }, member, query),
    ),
  };
});
