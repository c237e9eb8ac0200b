import * as z from 'zod/mini';
import { pageCursor, pageLimit } from '../http/fields';
import { answersOf, route } from '../http/route';
import { page, PORTAL_CURSOR, productAnswer } from './portal.schema';
import { productSelection } from './product.schema';

export const listProductsQuery = z.strictObject({
  ...productSelection(),
  limit: pageLimit(),
  cursor: pageCursor(PORTAL_CURSOR),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listProductsAnswers() {
  return { 200: page(productAnswer(), 'One page of products') };
}

export const listProductsRoute = route({
  id: 'listProducts',
  method: 'GET',
  path: '/v1/portal/products',
  auth: 'member',
  handler: 'functions/portal/list-products.handler.ts',
  summary:
    'Products the caller may see, by page (filters: site, family, support status, group; search: service tag, model; sort)',
  body: undefined,
  query: listProductsQuery,
  success: { 200: 'One page of products and the cursor of the next' },
  responses: answersOf<typeof listProductsAnswers>(),
  problems: [404],
  grants: ['table:read'],
});
