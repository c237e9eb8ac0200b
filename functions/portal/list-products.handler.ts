import { earlyPageReads, listProducts } from '../core/use-cases/portal/products';
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
  const deps = {
    inventory: portalInventory(),
    settings: portalSettings(),
    overview: portalOverview(),
    recent: recentPortalReads(),
  };
  return {
    status: 200,
    body: await readAsPortalMember(
      portalAccess(),
      caller,
      (member, early) => listProducts(deps, member, query, early),
      earlyPageReads(deps, caller.userId, query),
    ),
  };
});
