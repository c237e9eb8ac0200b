import * as z from 'zod';
import { countryCode, text } from '../http/fields';
import {
  FAMILY_PATTERN,
  SERVICE_TAG_PATTERN,
  SITE_ID_PATTERN,
  SUPPORT_STATUSES,
} from '../core/domain/portal';
import { MAX_ALLOWED_ENTRIES } from '../core/domain/portal-visibility';
import { MAX_GROUP_ENTRIES, MAX_GROUP_PRODUCTS } from '../core/domain/product-group';

/** Request schemas of the portal routes (functions/routes.ts). */

export const siteId = z.string().regex(SITE_ID_PATTERN, 'is not a site id');
export const family = z.string().trim().regex(FAMILY_PATTERN, 'is not a product family name');
export const serviceTag = z.string().trim().regex(SERVICE_TAG_PATTERN, 'is not a service tag');
/** Group ids are made by Portico (random, URL-safe). */
export const groupId = z.string().regex(/^[0-9A-Za-z_-]{8,64}$/, 'is not a group id');

const limit = z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Items per page' });
const cursor = z
  .string()
  .max(2000)
  .optional()
  .meta({ description: 'The `cursor` the previous page answered' });

export const summaryQuery = z.strictObject({ group: groupId.optional() });
export type SummaryQuery = z.infer<typeof summaryQuery>;

export const listSitesQuery = z.strictObject({ country: countryCode.optional(), limit, cursor });
export type ListSitesQuery = z.infer<typeof listSitesQuery>;

export const listProductsQuery = z.strictObject({
  site: siteId.optional(),
  family: family.optional(),
  status: z.enum(SUPPORT_STATUSES).optional(),
  group: groupId.optional(),
  limit,
  cursor,
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

export const productPath = z.object({ serviceTag });
export const groupPath = z.object({ groupId });

function distinct<T extends z.ZodType<string>>(item: T, max: number) {
  return z
    .array(item)
    .min(1, 'must list at least one')
    .max(max)
    .refine((values) => new Set(values).size === values.length, { message: 'must not repeat an entry' });
}

export const groupDefinition = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('PRODUCTS'), serviceTags: distinct(serviceTag, MAX_GROUP_PRODUCTS) }),
  z.strictObject({ kind: z.literal('FAMILIES'), families: distinct(family, MAX_GROUP_ENTRIES) }),
  z.strictObject({
    kind: z.literal('FAMILIES_AT_SITES'),
    families: distinct(family, MAX_GROUP_ENTRIES),
    sites: distinct(siteId, MAX_GROUP_ENTRIES),
  }),
]);

export const createGroupBody = z.strictObject({
  name: text(100),
  shared: z.boolean().default(false),
  definition: groupDefinition,
});
export type CreateGroupBody = z.infer<typeof createGroupBody>;

/** Rename, share or unshare, or change what the group holds; at least one of them. */
export const updateGroupBody = z
  .strictObject({
    name: text(100).optional(),
    shared: z.boolean().optional(),
    definition: groupDefinition.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'must change at least one of name, shared, definition',
  });
export type UpdateGroupBody = z.infer<typeof updateGroupBody>;

function allowList<T extends z.ZodType<string>>(item: T) {
  return z.union([
    z.literal('ALL'),
    z
      .array(item)
      .max(MAX_ALLOWED_ENTRIES)
      .refine((values) => new Set(values).size === values.length, { message: 'must not repeat an entry' }),
  ]);
}

/** `ALL`, or the allow list (an empty list hides everything of that kind). */
export const visibilityBody = z.strictObject({ sites: allowList(siteId), families: allowList(family) });
export type VisibilityBody = z.infer<typeof visibilityBody>;

export const listMembersQuery = z.strictObject({ limit, cursor });
export type ListMembersQuery = z.infer<typeof listMembersQuery>;

export const memberPath = z.object({ userId: z.string().regex(/^[0-9A-Za-z-]{8,64}$/, 'is not a user id') });

export const memberRoleBody = z.strictObject({ role: z.enum(['MEMBER', 'ADMINISTRATOR']) });
export type MemberRoleBody = z.infer<typeof memberRoleBody>;
