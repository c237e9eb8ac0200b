import * as z from 'zod/mini';
import { EXPORT_JOB_STATES } from '../core/domain/export-job';
import { EXPORT_FORMATS } from '../core/domain/product-export';
import { calendarDay, count, described, instant } from '../http/fields';
import { productSelection } from './product.schema';

/** Schemas of the background exports (factories, see functions/http/fields.ts). */

/** `{exportId}` in export paths: the UUID the start answered. */
/* @__NO_SIDE_EFFECTS__ */
export function exportPath() {
  return z.object({ exportId: z.uuid('is not an export id') });
}

/** A background export as its owner sees it. */
/* @__NO_SIDE_EFFECTS__ */
export function exportJobAnswer() {
  return z
    .strictObject({
      exportId: z
        .uuid()
        .check(z.meta({ description: 'Names the export in GET /v1/portal/export-jobs/{exportId}' })),
      state: z.enum(EXPORT_JOB_STATES).check(
        z.meta({
          description:
            'QUEUED (asked for), RUNNING (being written), SUCCEEDED (download ready) or FAILED (see failure)',
        }),
      ),
      format: z.enum(EXPORT_FORMATS),
      // The filters, search and sort the export was asked with, as in the request.
      ...productSelection(),
      createdAt: instant('When the export was asked for'),
      startedAt: z.optional(instant('When the file began to be written')),
      finishedAt: z.optional(instant('When the export succeeded or failed')),
      expiresAt: instant('When the export and its file are deleted'),
      count: z.optional(count('How many products the file holds')),
      bytes: z.optional(count('Size of the file in bytes')),
      asOf: z.optional(calendarDay('The day the support statuses in the file are as of')),
      failure: z.optional(described('Why the export failed')),
      download: z.optional(
        z
          .strictObject({
            url: z
              .url()
              .check(z.meta({ description: 'A link to the file; works until expiresAt, no sign-in needed' })),
            fileName: described('The name the file is offered under, e.g. products-2026-12-05.csv'),
            expiresAt: instant('When the link stops working (ask for the export again for a new link)'),
          })
          .check(z.meta({ description: 'Present once the export SUCCEEDED' })),
      ),
    })
    .check(z.meta({ description: 'A background export of products' }));
}
