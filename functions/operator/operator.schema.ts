import * as z from 'zod';
import { FAMILY_PATTERN, isCalendarDay, SERVICE_TAG_PATTERN, SITE_ID_PATTERN } from '../core/domain/portal';
import { IMPORT_COLUMNS, IMPORT_KINDS, MAX_IMPORT_ROWS } from '../core/domain/portal-import';
import { countryCode, text } from '../http/fields';

/** Request schemas of the operator routes (functions/routes.ts). */

export const decideOrganizationRequestBody = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('APPROVE'), note: text(1000).optional() }),
  z.strictObject({ outcome: z.literal('REJECT'), reason: text(1000) }),
]);
export type DecideOrganizationRequestBody = z.infer<typeof decideOrganizationRequestBody>;

/** `{requestId}` in operator paths. */
export const requestPath = z.object({
  requestId: z.string().regex(/^[0-9A-Za-z-]{8,64}$/, 'is not a request id'),
});

/** Query of the operators' list: open (waiting for people or the workflow) or closed requests, by page. */
export const listOrganizationRequestsQuery = z.strictObject({
  status: z.enum(['open', 'closed']).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Items per page' }),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .meta({ description: 'The `nextCursor` the previous page answered' }),
});
export type ListOrganizationRequestsQuery = z.infer<typeof listOrganizationRequestsQuery>;

/** `{organizationId}` and `{kind}` of the import route. */
export const importPath = z.object({
  organizationId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'is not an organization id'),
  kind: z.enum(IMPORT_KINDS, { message: 'must be "sites" or "products"' }),
});

/** A JSON import: the rows are judged one by one afterwards, so here they are anything. */
export const importJsonBody = z.strictObject({ rows: z.array(z.unknown()) });

const siteId = z.string().trim().regex(SITE_ID_PATTERN, 'must be 1-64 letters, digits, ".", "_" or "-"');

export const siteRow = z.strictObject({
  siteId,
  name: text(200),
  address: text(300),
  city: text(100),
  country: z
    .string()
    .trim()
    .pipe(countryCode)
    .meta({ description: 'ISO 3166-1 alpha-2 country code, e.g. "DE"' }),
});

export const productRow = z.strictObject({
  serviceTag: z
    .string()
    .trim()
    .regex(SERVICE_TAG_PATTERN, 'must be 1-40 letters, digits or "-", e.g. "7XK2P93"'),
  model: text(100),
  family: z
    .string()
    .trim()
    .regex(
      FAMILY_PATTERN,
      'must be 1-64 letters, digits, spaces or "._/+-", starting with a letter or digit',
    ),
  siteId,
  supportEndDate: z
    .string()
    .trim()
    .refine(isCalendarDay, 'must be a calendar day written YYYY-MM-DD')
    .meta({ format: 'date', description: 'The last day of support, YYYY-MM-DD' }),
});

/**
 * The import body as documented (OpenAPI), by media type. The handler reads the body itself (import.schema.ts):
 * the JSON document must be `{ "rows": [...] }` (importJsonBody), and each row is then judged on its own
 * against siteRow or productRow — a bad row is reported in the 200 answer, not refused with a 400.
 */
export const importRequestMediaTypes = {
  'application/json': z.strictObject({
    rows: z
      .array(z.union([siteRow, productRow]))
      .max(MAX_IMPORT_ROWS)
      .meta({ description: 'Site rows for `kind=sites`, product rows for `kind=products`.' }),
  }),
  'text/csv': z.string().meta({
    description:
      `A header row naming exactly the kind's columns, in any order (sites: ${IMPORT_COLUMNS.sites.join(',')}; ` +
      `products: ${IMPORT_COLUMNS.products.join(',')}), then one row per line; at most ${MAX_IMPORT_ROWS} rows.`,
  }),
} as const;
