import { listProducts } from '../core/use-cases/portal/products';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import {
  portalAccess,
  portalInventory,
  portalOverview,
  portalSettings,
  recentPortalReads,
} from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listProductsRoute } from './list-products.route';

export const handler = apiHandler(listProductsRoute, async ({ caller, query }) => {
  return {
    status: 200,
    body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
      listProducts(
        {
          inventory: portalInventory(),
          settings: portalSettings(),
          overview: portalOverview(),
          recent: recentPortalReads(),
        },
        member,
        query,
      ),
    ),
  };
});
