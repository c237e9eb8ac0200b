import * as z from 'zod/mini';
import {
  FAMILY_PATTERN,
  SERVICE_TAG_PATTERN,
  SITE_ID_PATTERN,
  SUPPORT_STATUSES,
} from '../core/domain/portal';
import { MAX_ALLOWED_ENTRIES } from '../core/domain/portal-visibility';
import { MAX_GROUP_ENTRIES, MAX_GROUP_PRODUCTS } from '../core/domain/product-group';
import { calendarDay, count, countryOf, described, instant } from '../http/fields';

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

/*
 * The answers of the portal routes (functions/core/use-cases/portal/portal-views.ts and get-summary.ts).
 */

/* @__NO_SIDE_EFFECTS__ */
export function memberRole() {
  return z.enum(['MEMBER', 'ADMINISTRATOR']);
}

/** Products by support status: `total` is the sum of the three. */
/* @__NO_SIDE_EFFECTS__ */
export function counts() {
  return z
    .strictObject({
      total: count('All products counted'),
      active: count('Supported beyond the next 90 days'),
      expiring: count('Support ends within 90 days'),
      expired: count('Support has ended'),
    })
    .check(z.meta({ description: 'Products by support status' }));
}

/** A page of a list: `cursor` only while there may be more. */
/* @__NO_SIDE_EFFECTS__ */
export function page<T extends z.ZodMiniType>(item: T, description: string) {
  return z
    .strictObject({
      items: z.array(item),
      cursor: z.optional(described('Pass it as `cursor` to get the next page; absent on the last page')),
    })
    .check(z.meta({ description }));
}

/* @__NO_SIDE_EFFECTS__ */
export function productAnswer() {
  return z
    .strictObject({
      serviceTag: described("The product's service tag, its identifier"),
      model: z.string(),
      family: described('The product family'),
      siteId: described('The site the product is at'),
      supportEndDate: calendarDay('The last day of support'),
      supportStatus: z.enum(SUPPORT_STATUSES).check(
        z.meta({
          description: 'EXPIRED after the end date, EXPIRING within 90 days of it, ACTIVE before that',
        }),
      ),
    })
    .check(z.meta({ description: 'A product' }));
}

/* @__NO_SIDE_EFFECTS__ */
export function siteAnswer() {
  return z
    .strictObject({
      siteId: z.string(),
      name: z.string(),
      address: z.string(),
      city: z.string(),
      country: countryOf('Country of the site'),
      counts: counts(),
    })
    .check(z.meta({ description: 'A site with the counts of the products at it that the caller may see' }));
}

/* @__NO_SIDE_EFFECTS__ */
function groupKind() {
  return z.enum(['PRODUCTS', 'FAMILIES', 'FAMILIES_AT_SITES']);
}

/** A group as listed (the Summary). */
/* @__NO_SIDE_EFFECTS__ */
export function groupEntry() {
  return z
    .strictObject({
      groupId: z.string(),
      name: z.string(),
      kind: groupKind(),
      shared: z.boolean().check(z.meta({ description: 'Shared with the whole organization' })),
      mine: z.boolean().check(z.meta({ description: 'Made by the caller (only its maker changes it)' })),
    })
    .check(z.meta({ description: 'A custom group' }));
}

/** A group with its definition, limited to what the caller may see. */
/* @__NO_SIDE_EFFECTS__ */
export function groupAnswer() {
  return z
    .strictObject({
      groupId: z.string(),
      name: z.string(),
      kind: groupKind(),
      shared: z.boolean().check(z.meta({ description: 'Shared with the whole organization' })),
      mine: z.boolean().check(z.meta({ description: 'Made by the caller (only its maker changes it)' })),
      definition: z
        .discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('PRODUCTS'), serviceTags: z.array(z.string()) }),
          z.strictObject({ kind: z.literal('FAMILIES'), families: z.array(z.string()) }),
          z.strictObject({
            kind: z.literal('FAMILIES_AT_SITES'),
            families: z.array(z.string()),
            sites: z.array(z.string()),
          }),
        ])
        .check(z.meta({ description: 'What the group holds, limited to what the caller may see' })),
      createdAt: instant('When the group was made'),
      updatedAt: instant('When the group last changed'),
    })
    .check(z.meta({ description: 'A custom group' }));
}

/* @__NO_SIDE_EFFECTS__ */
function allowed(what: string) {
  return z
    .union([z.literal('ALL'), z.array(z.string())])
    .check(z.meta({ description: `ALL, or the ${what} members may see (an empty list hides them all)` }));
}

/** The visibility rules of the organization. */
/* @__NO_SIDE_EFFECTS__ */
export function visibilityAnswer() {
  return z
    .strictObject({
      sites: allowed('sites'),
      families: allowed('product families'),
      updatedAt: z.optional(instant('When an administrator last set them (absent: never set)')),
      updatedBy: z.optional(described('The user id of the administrator who last set them')),
      revision: count('Increases with each change'),
    })
    .check(z.meta({ description: 'Which sites and product families members see; administrators see all' }));
}

/* @__NO_SIDE_EFFECTS__ */
export function memberAnswer() {
  return z
    .strictObject({
      userId: z.string(),
      email: z.email(),
      firstName: z.string(),
      lastName: z.string(),
      role: memberRole(),
      joinedAt: instant('When the person joined the organization'),
    })
    .check(z.meta({ description: 'A member of the organization' }));
}
