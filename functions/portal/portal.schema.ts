import * as z from 'zod/mini';
import { FAMILY_PATTERN, SERVICE_TAG_PATTERN, SITE_ID_PATTERN } from '../core/domain/portal';
import { MAX_ALLOWED_ENTRIES } from '../core/domain/portal-visibility';
import { MAX_GROUP_ENTRIES, MAX_GROUP_PRODUCTS } from '../core/domain/product-group';

/**
 * Schemas several portal routes share, as factories marked `@__NO_SIDE_EFFECTS__` (see functions/http/fields.ts):
 * a function builds only those its route uses. Each route's own schemas live in its route module.
 */

/* @__NO_SIDE_EFFECTS__ */
export function siteId() {
  return z.string().check(z.regex(SITE_ID_PATTERN, 'is not a site id'));
}

/* @__NO_SIDE_EFFECTS__ */
export function family() {
  return z.string().check(z.trim(), z.regex(FAMILY_PATTERN, 'is not a product family name'));
}

/* @__NO_SIDE_EFFECTS__ */
export function serviceTag() {
  // Service tags are case-insensitive and kept upper case (domain/product-search.ts).
  return z.string().check(z.trim(), z.regex(SERVICE_TAG_PATTERN, 'is not a service tag'), z.toUpperCase());
}

/** Group ids are made by Portico (random, URL-safe). */
/* @__NO_SIDE_EFFECTS__ */
export function groupId() {
  return z.string().check(z.regex(/^[0-9A-Za-z_-]{8,64}$/, 'is not a group id'));
}

/** `{groupId}` in group paths. */
/* @__NO_SIDE_EFFECTS__ */
export function groupPath() {
  return z.object({ groupId: groupId() });
}

/** The `cursor` description of the portal's paged lists. */
export const PORTAL_CURSOR = 'The `cursor` the previous page answered';

/* @__NO_SIDE_EFFECTS__ */
function distinct<T extends z.ZodMiniType<string>>(item: T, max: number) {
  return z.array(item).check(
    z.minLength(1, 'must list at least one'),
    z.maxLength(max),
    z.refine((values) => new Set(values).size === values.length, { message: 'must not repeat an entry' }),
  );
}

/** What a custom group holds: products, families, or families at sites. */
/* @__NO_SIDE_EFFECTS__ */
export function groupDefinition() {
  return z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('PRODUCTS'), serviceTags: distinct(serviceTag(), MAX_GROUP_PRODUCTS) }),
    z.strictObject({ kind: z.literal('FAMILIES'), families: distinct(family(), MAX_GROUP_ENTRIES) }),
    z.strictObject({
      kind: z.literal('FAMILIES_AT_SITES'),
      families: distinct(family(), MAX_GROUP_ENTRIES),
      sites: distinct(siteId(), MAX_GROUP_ENTRIES),
    }),
  ]);
}

/** `ALL`, or the allow list (an empty list hides everything of that kind). */
/* @__NO_SIDE_EFFECTS__ */
export function allowList<T extends z.ZodMiniType<string>>(item: T) {
  return z.union([
    z.literal('ALL'),
    z.array(item).check(
      z.maxLength(MAX_ALLOWED_ENTRIES),
      z.refine((values) => new Set(values).size === values.length, { message: 'must not repeat an entry' }),
    ),
  ]);
}
