import { randomUUID } from 'node:crypto';
import {
  exportObjectKey,
  isFinished,
  MAX_JOB_EXPORT_PRODUCTS,
  queuedExport,
  type ExportJob,
  type ProductSelection,
} from '../../domain/export-job';
import { dayOf } from '../../domain/portal';
import {
  csvHeader,
  csvLine,
  exportFileName,
  type ExportFormat,
  type ExportRow,
} from '../../domain/product-export';
import { NotFoundError, PorticoError, ServiceUnavailableError } from '../../errors';
import { logger } from '../../logger';
import {
  ConcurrentUpdateError,
  WorkflowUnavailableError,
  type ExportFiles,
  type ExportLinks,
  type ExportJobRef,
  type ExportJobStore,
  type ExportWorkflow,
} from '../../ports';
import { requirePortalMember, type PortalMember } from '../portal-access';
import { planExport, prepareExport, type ExportReads } from './export-products';
import type { PortalDependencies } from './portal-context';
import * as problemDetails from '../../i18n/details/compiled/index';

export interface ExportJobDependencies extends Pick<
  PortalDependencies,
  'accounts' | 'inventory' | 'settings' | 'overview' | 'recent' | 'clock'
> {
  readonly exports: ExportJobStore;
  readonly files: ExportFiles;
  readonly links: ExportLinks;
  readonly workflow: ExportWorkflow;
  /** How long a download link works. */
  readonly linkSeconds: number;
}

/** A job as its owner sees it, with the selection it was asked with; `download` once the file is ready. */
export interface ExportJobView extends ProductSelection {
  readonly exportId: string;
  readonly state: ExportJob['state'];
  readonly format: ExportFormat;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly expiresAt: string;
  readonly count?: number;
  readonly bytes?: number;
  readonly asOf?: string;
  readonly failure?: string;
  readonly download?: { readonly url: string; readonly fileName: string; readonly expiresAt: string };
}

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

function viewOf(job: ExportJob, download?: ExportJobView['download']): ExportJobView {
  const optional = <K extends keyof ExportJob>(key: K) =>
    job[key] === undefined ? {} : ({ [key]: job[key] } as Pick<ExportJob, K>);
  return {
    exportId: job.exportId,
    state: job.state,
    format: job.format,
    ...job.selection,
    createdAt: job.createdAt,
    ...optional('startedAt'),
    ...optional('finishedAt'),
    expiresAt: job.expiresAt,
    ...optional('count'),
    ...optional('bytes'),
    ...optional('asOf'),
    ...optional('failure'),
    ...(download ? { download } : {}),
  } as ExportJobView;
}

/** Only what the selection says, so the stored job and its view carry no `undefined` members. */
function definedSelection(selection: ProductSelection): ProductSelection {
  return Object.fromEntries(
    Object.entries(selection).filter(([, value]) => value !== undefined),
  ) as ProductSelection;
}

/**
 * Starts a background export of what the caller may see. Main path: the selection is checked and planned as a
 * direct export's (prepareExport: a 404 or 400 answers now, not later in the job; the organization's status
 * comes with its overview, so the caller's handler reads only the account first), the job is stored QUEUED and
 * the workflow started; the answer is the job (202). Three round trips in sequence: the account, the overview
 * and group, the job's PutItem; two when the caller's token names their organization (`early`: the overview
 * and group read beside the account, earlyExportReads). The PutItem cannot join the reads: it must not happen for a refused request (a
 * 404 or 422 must leave no job its owner can read), and what refuses it (a visible site, family or group; the
 * count from the sum of the site counters) is not a condition one write can state.
 * Failure paths: as prepareExport, with MAX_JOB_EXPORT_PRODUCTS as the limit (422 export-too-large); the
 * workflow cannot be started → the job is marked FAILED and the answer is 503 (the client may ask again).
 */
export async function startExport(
  deps: Omit<ExportJobDependencies, 'files' | 'links' | 'inventory' | 'accounts' | 'linkSeconds'>,
  member: PortalMember,
  request: { readonly format: ExportFormat; readonly selection: ProductSelection },
  early?: Promise<ExportReads>,
): Promise<ExportJobView> {
  const selection = definedSelection(request.selection);
  await prepareExport(deps, member, selection, MAX_JOB_EXPORT_PRODUCTS, early);
  const job = queuedExport(
    {
      exportId: randomUUID(),
      organizationId: member.organizationId,
      ownerId: member.account.userId,
      format: request.format,
      selection,
    },
    deps.clock.now(),
  );
  await deps.exports.create(job);
  try {
    await deps.workflow.start(job);
  } catch (error) {
    if (!(error instanceof WorkflowUnavailableError)) throw error;
    await deps.exports.update({
      ...job,
      state: 'FAILED',
      finishedAt: deps.clock.now().toISOString(),
      failure: 'The export could not be started. Please try again.',
    });
    throw new ServiceUnavailableError('Exports cannot be started right now. Please try again shortly.').keyed(
      problemDetails.exportsUnavailable,
    );
  }
  return viewOf(job);
}

/**
 * One of the caller's exports, with a fresh download link once it SUCCEEDED (each read signs a new one).
 * Failure paths: not theirs, unknown or expired → 404 (the same for all three).
 */
export async function getExport(
  deps: Pick<ExportJobDependencies, 'exports' | 'links' | 'clock' | 'linkSeconds'>,
  member: PortalMember,
  exportId: string,
): Promise<ExportJobView> {
  const job = await deps.exports.get(member.organizationId, member.account.userId, exportId);
  if (!job || job.expiresAt <= deps.clock.now().toISOString()) {
    throw new NotFoundError('There is no such export.').keyed(problemDetails.noSuchExport);
  }
  if (job.state !== 'SUCCEEDED' || job.asOf === undefined) return viewOf(job);
  const fileName = exportFileName(job.format, job.asOf);
  const url = await deps.links.link(exportObjectKey(job), fileName, deps.linkSeconds);
  const expiresAt = new Date(deps.clock.now().getTime() + deps.linkSeconds * 1000).toISOString();
  return viewOf(job, { url, fileName, expiresAt });
}

/** The file of an export as text chunks: one chunk per page of rows, so memory holds one page at a time. */
async function* fileChunks(
  format: ExportFormat,
  asOf: string,
  pages: AsyncIterable<ExportRow[]>,
  counted: (rows: number) => void,
): AsyncGenerator<string> {
  let count = 0;
  if (format === 'csv') {
    yield csvHeader();
    for await (const rows of pages) {
      count += rows.length;
      counted(count);
      if (rows.length) yield rows.map(csvLine).join('');
    }
    return;
  }
  yield `{"asOf":${JSON.stringify(asOf)},"items":[`;
  for await (const rows of pages) {
    if (rows.length) yield `${count === 0 ? '' : ','}${rows.map((row) => JSON.stringify(row)).join(',')}`;
    count += rows.length;
    counted(count);
  }
  yield `],"count":${count}}`;
}

/** Saves a change of an unfinished job; false when the job finished meanwhile (a repeated task). */
async function saveUnfinished(
  deps: Pick<ExportJobDependencies, 'exports'>,
  job: ExportJob,
): Promise<boolean> {
  try {
    await deps.exports.update(job);
    return true;
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return false;
    throw error;
  }
}

/**
 * The workflow's task: writes the file of a job. Main path: the job is marked RUNNING; the owner is checked to
 * still be a member of the organization, and the selection planned on what they may see now; the rows are read
 * page after page and streamed to object storage; the job is marked SUCCEEDED with its count and size.
 * Idempotent (the workflow retries it, and the local runtime runs it again after a restart): a finished or
 * expired job is left alone, and writing the file again replaces it.
 * Failure paths: the owner left the organization or the selection no longer fits what they may see (a group
 * deleted, a site hidden) → FAILED with the reason; anything else is thrown for the workflow to retry, and
 * recordExportFailure marks the job FAILED once the retries are spent.
 */
export async function runExport(
  deps: Omit<ExportJobDependencies, 'workflow' | 'links' | 'linkSeconds'>,
  ref: ExportJobRef,
): Promise<ExportJob['state'] | 'GONE'> {
  const job = await deps.exports.get(ref.organizationId, ref.ownerId, ref.exportId);
  if (!job) return 'GONE';
  if (isFinished(job.state)) return job.state;
  const now = deps.clock.now();
  const running: ExportJob = { ...job, state: 'RUNNING', startedAt: job.startedAt ?? now.toISOString() };
  if (!(await saveUnfinished(deps, running))) return 'GONE';

  const fail = async (reason: string) => {
    const failed: ExportJob = {
      ...running,
      state: 'FAILED',
      finishedAt: deps.clock.now().toISOString(),
      failure: reason,
    };
    await saveUnfinished(deps, failed);
    return failed.state;
  };
  try {
    const member = await requirePortalMember(deps, ref.ownerId);
    if (member.organizationId !== job.organizationId) {
      return await fail('You are no longer a member of the organization this export was asked for.');
    }
    // prepareExport refuses an organization deactivated meanwhile (its status comes with the overview).
    const { pages } = await planExport(deps, member, job.selection, MAX_JOB_EXPORT_PRODUCTS);
    const asOf = dayOf(now);
    let count = 0;
    const { bytes } = await deps.files.write(
      exportObjectKey(job),
      CONTENT_TYPES[job.format],
      fileChunks(job.format, asOf, pages, (rows) => (count = rows)),
    );
    const succeeded: ExportJob = {
      ...running,
      state: 'SUCCEEDED',
      finishedAt: deps.clock.now().toISOString(),
      asOf,
      count,
      bytes,
    };
    await saveUnfinished(deps, succeeded);
    logger.info('export written', { exportId: job.exportId, count, bytes });
    return succeeded.state;
  } catch (error) {
    // The rules refused it (a PorticoError carries a message safe to show): retrying would not help.
    if (error instanceof PorticoError) return fail(error.message);
    throw error;
  }
}

/** The workflow's last resort, once runExport's retries are spent: the job is FAILED (if still unfinished). */
export async function recordExportFailure(
  deps: Pick<ExportJobDependencies, 'exports' | 'clock'>,
  ref: ExportJobRef,
): Promise<void> {
  const job = await deps.exports.get(ref.organizationId, ref.ownerId, ref.exportId);
  if (!job || isFinished(job.state)) return;
  await saveUnfinished(deps, {
    ...job,
    state: 'FAILED',
    finishedAt: deps.clock.now().toISOString(),
    failure: 'The export failed. Please start it again; if it fails again, contact support.',
  });
}
