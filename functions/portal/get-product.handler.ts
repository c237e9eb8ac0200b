import { getProduct } from '../core/use-cases/portal/products';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getProductRoute } from './get-product.route';

export const handler = apiHandler(getProductRoute, async ({ caller, path }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await getProduct(
      { inventory: portalInventory(), settings: portalSettings() },
      member,
      path.serviceTag,
    ),
  };
});
