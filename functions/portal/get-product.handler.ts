import { getProduct } from '../core/use-cases/portal/products';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { parseParameters } from '../http/request';
import { routes } from '../routes';
import { productPath } from './portal.schema';

export const handler = apiHandler(routes.getProduct, async ({ caller, event }) => {
  const { serviceTag } = parseParameters(event.pathParameters, productPath, 'path');
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await getProduct({ inventory: portalInventory(), settings: portalSettings() }, member, serviceTag),
  };
});
