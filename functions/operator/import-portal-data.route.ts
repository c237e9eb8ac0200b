import * as z from 'zod/mini';
import { FAMILY_PATTERN, isCalendarDay, SERVICE_TAG_PATTERN, SITE_ID_PATTERN } from '../core/domain/portal';
import { IMPORT_COLUMNS, IMPORT_KINDS, MAX_IMPORT_ROWS } from '../core/domain/portal-import';
import { count, countryCode, described, text } from '../http/fields';
import { answersOf, route } from '../http/route';

/** `{organizationId}` and `{kind}` of the import route. */
export const importPath = z.object({
  organizationId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'is not an organization id')),
  kind: z.enum(IMPORT_KINDS, { message: 'must be "sites" or "products"' }),
});

/** A JSON import: the rows are judged one by one afterwards, so here they are anything. */
export const importJsonBody = z.strictObject({ rows: z.array(z.unknown()) });

const siteId = z
  .string()
  .check(z.trim(), z.regex(SITE_ID_PATTERN, 'must be 1-64 letters, digits, ".", "_" or "-"'));

export const siteRow = z.strictObject({
  siteId,
  name: text(200),
  address: text(300),
  city: text(100),
  country: z
    .pipe(z.string().check(z.trim()), countryCode())
    .check(z.meta({ description: 'ISO 3166-1 alpha-2 country code, e.g. "DE"' })),
});

export const productRow = z.strictObject({
  serviceTag: z
    .string()
    .check(
      z.trim(),
      z.regex(SERVICE_TAG_PATTERN, 'must be 1-40 letters, digits or "-", e.g. "7XK2P93"'),
      z.toUpperCase(),
    ),
  model: text(100),
  family: z
    .string()
    .check(
      z.trim(),
      z.regex(
        FAMILY_PATTERN,
        'must be 1-64 letters, digits, spaces or "._/+-", starting with a letter or digit',
      ),
    ),
  siteId,
  supportEndDate: z
    .string()
    .check(
      z.trim(),
      z.refine(isCalendarDay, 'must be a calendar day written YYYY-MM-DD'),
      z.meta({ format: 'date', description: 'The last day of support, YYYY-MM-DD' }),
    ),
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
      .check(
        z.maxLength(MAX_IMPORT_ROWS),
        z.meta({ description: 'Site rows for `kind=sites`, product rows for `kind=products`.' }),
      ),
  }),
  'text/csv': z.string().check(
    z.meta({
      description:
        `A header row naming exactly the kind's columns, in any order (sites: ${IMPORT_COLUMNS.sites.join(',')}; ` +
        `products: ${IMPORT_COLUMNS.products.join(',')}), then one row per line; at most ${MAX_IMPORT_ROWS} rows.`,
    }),
  ),
} as const;

/** What an import did (functions/core/use-cases/portal/import-portal-data.ts). */
/* @__NO_SIDE_EFFECTS__ */
function importReportAnswer() {
  return z
    .strictObject({
      organizationId: z.string(),
      kind: z.enum(IMPORT_KINDS),
      received: count('Rows in the body'),
      created: count('Rows stored that were new'),
      updated: count('Rows that changed what was stored'),
      unchanged: count('Rows equal to what was stored (nothing written)'),
      rejected: count('Rows refused'),
      rejectedRows: z
        .array(
          z.strictObject({
            row: z
              .int()
              .check(
                z.gte(1),
                z.meta({ description: 'The row number, from 1 (the CSV header is not a row)' }),
              ),
            line: z.optional(
              z.int().check(z.gte(1), z.meta({ description: 'CSV: the line the row ends on' })),
            ),
            key: z.optional(described('The siteId or serviceTag of the row, when it has one')),
            errors: z.array(
              z.strictObject({
                field: described('The column at fault; empty for the row as a whole'),
                detail: z.string(),
              }),
            ),
          }),
        )
        .check(z.meta({ description: 'Each refused row with why, by row number' })),
    })
    .check(z.meta({ description: 'The import report' }));
}

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function importPortalDataAnswers() {
  return { 200: importReportAnswer() };
}

export const importPortalDataRoute = route({
  id: 'importPortalData',
  method: 'POST',
  path: '/v1/operator/organizations/{organizationId}/imports/{kind}',
  auth: 'operator',
  handler: 'functions/operator/import-portal-data.handler.ts',
  summary: 'Operators: import sites or products (JSON or CSV), validated row by row, idempotent',
  body: undefined,
  pathParameters: importPath,
  requestMediaTypes: importRequestMediaTypes,
  success: { 200: 'The report: rows created, updated, unchanged and rejected, each rejected row with why' },
  responses: answersOf<typeof importPortalDataAnswers>(),
  grants: ['table:write'],
  // Up to 5,000 rows per request, each a conditional or transactional write: the whole of API Gateway's 29 s
  // instead of 10 s. Memory stays at 512 MB by measurement (`npm run bench -- load`): a 5,000-row request
  // takes about 0.6 s of CPU and 140 MB at peak, about 3.3 s at 512 MB, and costs a quarter less than at 1024.
  function: { timeoutSeconds: 29 },
});
