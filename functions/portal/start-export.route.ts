import * as z from 'zod/mini';
import { EXPORT_FORMATS } from '../core/domain/product-export';
import { answersOf, route } from '../http/route';
import { exportJobAnswer } from './export-job.schema';
import { productSelection } from './product.schema';

export const startExportBody = z.strictObject({
  format: z._default(z.enum(EXPORT_FORMATS), 'csv'),
  ...productSelection(),
});
export type StartExportBody = z.infer<typeof startExportBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function startExportAnswers() {
  return { 202: exportJobAnswer() };
}

export const startExportRoute = route({
  id: 'startExport',
  method: 'POST',
  path: '/v1/portal/export-jobs',
  auth: 'member',
  handler: 'functions/portal/start-export.handler.ts',
  summary:
    'Start a background export of the products the caller may see (any number up to 250,000; filters, search and sort as the product list); poll it for the download link',
  body: startExportBody,
  success: { 202: 'The export, QUEUED; GET its Location until it SUCCEEDED' },
  responses: answersOf<typeof startExportAnswers>(),
  problems: [404, 422],
  grants: ['table:write', 'exports:start'],
});
