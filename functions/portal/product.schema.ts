import * as z from 'zod/mini';
import { SERVICE_TAG_PATTERN, SUPPORT_STATUSES } from '../core/domain/portal';

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

/** A product as the portal answers it (productView). */
/* @__NO_SIDE_EFFECTS__ */
export function productAnswer() {
  return z.strictObject({
    serviceTag: z.string(),
    model: z.string(),
    family: z.string(),
    siteId: z.string(),
    supportEndDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    supportStatus: z.enum(SUPPORT_STATUSES),
  });
}

/** One page of products and, while there may be more, the cursor of the next. */
/* @__NO_SIDE_EFFECTS__ */
export function productPage() {
  return z.strictObject({ items: z.array(productAnswer()), cursor: z.optional(z.string()) });
}
