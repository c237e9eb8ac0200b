import type { SupportStatus } from './portal';
import type { ProductOrder } from './product-search';
import type { ExportFormat } from './product-export';

/**
 * An export that runs in the background (issue 18, item 3): a member asks for one, a workflow writes the file
 * to object storage page after page, and the member fetches its state and, once it is ready, a download link
 * that expires. Direct downloads stop at MAX_DIRECT_EXPORT_PRODUCTS; a job holds up to MAX_JOB_EXPORT_PRODUCTS.
 *
 * States: QUEUED (asked for) → RUNNING (the workflow started writing) → SUCCEEDED (the file is stored) or
 * FAILED (with a reason safe to show). A job and its file are kept EXPORT_KEPT_DAYS, then both expire.
 */

export const EXPORT_JOB_STATES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type ExportJobState = (typeof EXPORT_JOB_STATES)[number];

/** Most products one background export holds: 5× the largest organization the issue names (50,000). */
export const MAX_JOB_EXPORT_PRODUCTS = 250_000;

/** Days a job and its file are kept (the table's TTL and the bucket's lifecycle rule both use this). */
export const EXPORT_KEPT_DAYS = 7;

/** The filters, search and sort of an export: what the product list takes, without paging. */
export interface ProductSelection {
  readonly site?: string | undefined;
  readonly family?: string | undefined;
  readonly status?: SupportStatus | undefined;
  readonly group?: string | undefined;
  readonly serviceTag?: string | undefined;
  readonly match?: 'prefix' | 'exact' | undefined;
  readonly model?: string | undefined;
  readonly sort?: ProductOrder | undefined;
}

export interface ExportJob {
  readonly exportId: string;
  readonly organizationId: string;
  /** The member who asked; only they see the job, and the file holds what they may see when it runs. */
  readonly ownerId: string;
  readonly format: ExportFormat;
  readonly selection: ProductSelection;
  readonly state: ExportJobState;
  /** ISO times. */
  readonly createdAt: string;
  readonly startedAt?: string | undefined;
  readonly finishedAt?: string | undefined;
  /** When the job and its file are deleted. */
  readonly expiresAt: string;
  /** How many products the file holds (SUCCEEDED). */
  readonly count?: number | undefined;
  /** Size of the file in bytes (SUCCEEDED). */
  readonly bytes?: number | undefined;
  /** The day the support statuses are as of (SUCCEEDED), also in the file name. */
  readonly asOf?: string | undefined;
  /** Why it failed, safe to show (FAILED). */
  readonly failure?: string | undefined;
}

/** A new job, QUEUED at `now`. */
export function queuedExport(
  fields: Pick<ExportJob, 'exportId' | 'organizationId' | 'ownerId' | 'format' | 'selection'>,
  now: Date,
): ExportJob {
  return {
    ...fields,
    state: 'QUEUED',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + EXPORT_KEPT_DAYS * 86_400_000).toISOString(),
  };
}

/** Where the file of a job is stored: one folder per organization and job. */
export function exportObjectKey(job: Pick<ExportJob, 'organizationId' | 'exportId' | 'format'>): string {
  return `exports/${job.organizationId}/${job.exportId}/products.${job.format}`;
}

export function isFinished(state: ExportJobState): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED';
}
