import { listProducts } from '../core/use-cases/portal/products';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { parseParameters } from '../http/request';
import { routes } from '../routes';
import { listProductsQuery } from './portal.schema';

export const handler = apiHandler(routes.listProducts, async ({ caller, event }) => {
  const query = parseParameters(event.queryStringParameters, listProductsQuery, 'query');
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await listProducts({ inventory: portalInventory(), settings: portalSettings() }, member, query),
  };
});
