import { getProduct, productReads } from '../core/use-cases/portal/products';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalSettings } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getProductRoute } from './get-product.route';

export const handler = apiHandler(getProductRoute, async ({ caller, path }) => {
  const deps = { inventory: portalInventory(), settings: portalSettings() };
  return {
    status: 200,
    body: await readAsPortalMember(
      portalAccess(),
      caller,
      (member, early) => getProduct(deps, member, path.serviceTag, early),
      productReads(deps, path.serviceTag),
    ),
  };
});
