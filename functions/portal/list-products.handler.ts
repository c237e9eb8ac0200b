import { listProducts } from '../core/use-cases/portal/products';
import { requirePortalMember } from '../core/use-cases/portal-access';
import {
  accountStore,
  portalInventory,
  portalOverview,
  portalSettings,
  recentPortalReads,
} from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listProductsRoute } from './list-products.route';

export const handler = apiHandler(listProductsRoute, async ({ caller, query }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await listProducts(
      {
        inventory: portalInventory(),
        settings: portalSettings(),
        overview: portalOverview(),
        recent: recentPortalReads(),
      },
      member,
      query,
    ),
  };
});
