import { listSites } from '../core/use-cases/portal/sites';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { parseParameters } from '../http/request';
import { routes } from '../routes';
import { listSitesQuery } from './portal.schema';

export const handler = apiHandler(routes.listSites, async ({ caller, event }) => {
  const query = parseParameters(event.queryStringParameters, listSitesQuery, 'query');
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await listSites({ inventory: portalInventory(), settings: portalSettings() }, member, query),
  };
});
