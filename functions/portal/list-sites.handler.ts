import { listSites } from '../core/use-cases/portal/sites';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalOverview } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listSitesRoute } from './list-sites.route';

export const handler = apiHandler(listSitesRoute, async ({ caller, query }) => {
  const overview = portalOverview();
  return {
    status: 200,
    body: await readAsPortalMember(
      portalAccess(),
      caller,
      (member, early) => listSites({ overview }, member, query, early),
      (organizationId: string) => overview.read(organizationId),
    ),
  };
});
