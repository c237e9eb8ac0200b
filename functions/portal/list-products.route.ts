import * as z from 'zod/mini';
import { SUPPORT_STATUSES } from '../core/domain/portal';
import { pageCursor, pageLimit } from '../http/fields';
import { route } from '../http/route';
import { PRODUCT_ORDERS } from '../core/domain/product-search';
import { family, groupId, page, PORTAL_CURSOR, productAnswer, siteId } from './portal.schema';
import { modelSearch, serviceTagSearch } from './product.schema';

export const listProductsQuery = z.strictObject({
  site: z.optional(siteId()),
  family: z.optional(family()),
  status: z.optional(z.enum(SUPPORT_STATUSES)),
  group: z.optional(groupId()),
  serviceTag: z.optional(serviceTagSearch()),
  match: z.optional(z.enum(['prefix', 'exact'])),
  model: z.optional(modelSearch()),
  sort: z.optional(z.enum(PRODUCT_ORDERS)),
  limit: pageLimit(),
  cursor: pageCursor(PORTAL_CURSOR),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

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
  responses: { 200: page(productAnswer(), 'One page of products') },
  problems: [404],
  grants: ['table:read'],
});
