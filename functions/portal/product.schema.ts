import * as z from 'zod/mini';
import { SERVICE_TAG_PATTERN, SUPPORT_STATUSES } from '../core/domain/portal';
import { PRODUCT_ORDERS } from '../core/domain/product-search';
import { family, groupId, siteId } from './portal.schema';

/**
 * Schemas of the product search parameters and of the products the portal answers, as factories marked
 * `@__NO_SIDE_EFFECTS__` (see functions/http/fields.ts): a function builds only those its route uses.
 */

/** A service tag or its beginning, in any case. */
/* @__NO_SIDE_EFFECTS__ */
export function serviceTagSearch() {
  return z
    .string()
    .check(
      z.trim(),
      z.regex(SERVICE_TAG_PATTERN, 'must be letters, digits or "-" (a service tag or its beginning)'),
    );
}

/** The beginning of a model name, in any case. */
/* @__NO_SIDE_EFFECTS__ */
export function modelSearch() {
  return z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(100));
}

/** The filters, search and sort the product list and the export share (query parameters). */
/* @__NO_SIDE_EFFECTS__ */
export function productSelection() {
  return {
    site: z.optional(siteId()),
    family: z.optional(family()),
    status: z.optional(z.enum(SUPPORT_STATUSES)),
    group: z.optional(groupId()),
    serviceTag: z.optional(serviceTagSearch()),
    match: z.optional(z.enum(['prefix', 'exact'])),
    model: z.optional(modelSearch()),
    sort: z.optional(z.enum(PRODUCT_ORDERS)),
  };
}
