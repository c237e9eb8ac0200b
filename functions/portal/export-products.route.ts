import * as z from 'zod/mini';
import { SUPPORT_STATUSES } from '../core/domain/portal';
import { EXPORT_FORMATS } from '../core/domain/product-export';
import { answersOf, route } from '../http/route';
import { calendarDay, count } from '../http/fields';
import { productSelection } from './product.schema';

export const exportProductsQuery = z.strictObject({
  format: z._default(z.enum(EXPORT_FORMATS), 'csv'),
  ...productSelection(),
});
export type ExportProductsQuery = z.infer<typeof exportProductsQuery>;

/** The JSON form of an export (`format=json`); `format=csv` sends the same rows as text/csv. */
export function productExport() {
  return z
    .strictObject({
      asOf: calendarDay('The day the export was read (support statuses are as of that day)'),
      count: count('How many products the export holds'),
      items: z.array(
        z.strictObject({
          serviceTag: z.string(),
          model: z.string(),
          family: z.string(),
          siteId: z.string(),
          siteName: z.string(),
          city: z.string(),
          country: z.string(),
          supportEndDate: z.string(),
          supportStatus: z.enum(SUPPORT_STATUSES),
        }),
      ),
    })
    .check(z.meta({ description: 'The products the caller may see, with their sites' }));
}

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function exportProductsAnswers() {
  return { 200: productExport() };
}

export const exportProductsRoute = route({
  id: 'exportProducts',
  method: 'GET',
  path: '/v1/portal/exports/products',
  auth: 'member',
  handler: 'functions/portal/export-products.handler.ts',
  summary:
    'Download the products the caller may see (filters, search and sort as the product list) as CSV (UTF-8 with BOM, spreadsheet-safe) or JSON',
  body: undefined,
  query: exportProductsQuery,
  success: {
    200: 'The file, as an attachment: text/csv (format=csv) or application/json (format=json, the schema below)',
  },
  responses: answersOf<typeof exportProductsAnswers>(),
  responseFiles: {
    'text/csv':
      'format=csv: UTF-8 with a byte order mark, one product a line, ISO dates; cells a spreadsheet would run as a formula begin with an apostrophe',
  },
  problems: [404, 422],
  grants: ['table:read'],
  // Up to MAX_DIRECT_EXPORT_PRODUCTS products read page after page and written out.
  function: { memorySize: 1024, timeoutSeconds: 29 },
});
