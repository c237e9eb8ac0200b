import * as z from 'zod/mini';
import { SERVICE_TAG_PATTERN } from '../core/domain/portal';

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
