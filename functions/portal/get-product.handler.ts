import { getProduct } from '../core/use-cases/portal/products';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalSettings } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getProductRoute } from './get-product.route';

export const handler = apiHandler(getProductRoute, async ({ caller, path }) => {
  return {
    status: 200,
    body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
      getProduct({ inventory: portalInventory(), settings: portalSettings() }, member, path.serviceTag),
    ),
  };
});
