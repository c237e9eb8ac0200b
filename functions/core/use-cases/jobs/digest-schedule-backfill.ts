import { parseProductRef } from '../../domain/portal';
import { nextDigestAt } from '../../domain/support-digest';
import { logger } from '../../logger';
import type { JobCursorStore, SupportDigestStore } from '../../ports';
import type { Dependencies } from '../dependencies';
import type { JobBudget, JobReport } from './due-work';

export const DIGEST_SCHEDULE_BACKFILL_JOB = 'backfill-digest-schedules';

/** The cursor's value once the pass is over: later runs read it and stop (one GetItem). */
export const BACKFILL_COMPLETE = 'COMPLETE';

/**
 * Entries the jobs function reads per page of this pass: they are keys only (about 100 bytes), so pages far
 * larger than the other jobs' 50 cost the same capacity in 20 times fewer Queries.
 */
export const BACKFILL_PAGE_SIZE = 1_000;

/** Pages between two saves of the cursor (and it is saved whenever a run stops): a crash repeats at most these. */
const CHECKPOINT_PAGES = 10;

/** Later than any byDue entry: paging SUPPORT_STATUS "due by then" lists every entry there is. */
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');

export type DigestScheduleBackfillDependencies = Pick<Dependencies, 'dueWork' | 'clock'> & {
  readonly cursors: JobCursorStore;
  readonly digests: Pick<SupportDigestStore, 'scheduleIfMissing'>;
};

export interface DigestScheduleBackfillReport extends JobReport {
  /** Whether the pass is over (now or in an earlier run). */
  readonly complete: boolean;
}

/**
 * The one pass that gives a digest schedule to organizations whose products were imported before the schedule
 * existed (an import writes it since; see docs/portal.md). Which organizations can ever have something to put
 * in a digest: those with a product whose support status will still change, and each such product has a byDue
 * `SUPPORT_STATUS` entry (`<org>/<tag>`). So the pass pages that byDue partition over all time (a Query of a
 * keys-only index, never a Scan of the table) and, for each organization it names, creates the schedule unless
 * there is one (a conditional write: an organization already scheduled is left exactly as it is), first due
 * next Monday 06:00 UTC. Organizations whose products have all expired get none: they have nothing to report
 * until their next import, which schedules them.
 * Resumable and idempotent: the cursor is saved every CHECKPOINT_PAGES pages and whenever a run stops (a failed
 * run, or one out of time, goes on from the last page it finished; a page is never skipped while one of its
 * writes fails; a run killed outright repeats at most CHECKPOINT_PAGES pages), and repeating a page writes
 * nothing new. The jobs function runs it with pages of BACKFILL_PAGE_SIZE. The end of the pass is saved as BACKFILL_COMPLETE; later runs stop after reading it.
 * Deleting the cursor item runs the pass again.
 */
export async function backfillDigestSchedules(
  deps: DigestScheduleBackfillDependencies,
  budget: JobBudget,
): Promise<DigestScheduleBackfillReport> {
  let cursor = await deps.cursors.get(DIGEST_SCHEDULE_BACKFILL_JOB);
  if (cursor === BACKFILL_COMPLETE) return { done: 0, failed: 0, unfinished: false, complete: true };
  let saved = cursor;
  const checkpoint = async () => {
    if (cursor === saved) return;
    await deps.cursors.save(DIGEST_SCHEDULE_BACKFILL_JOB, cursor);
    saved = cursor;
  };
  let pages = 0;
  const firstAt = nextDigestAt(deps.clock.now());
  // An organization has many products: each is asked once per run (a later run may ask again: no change).
  const asked = new Set<string>();
  let done = 0;
  let failed = 0;
  for (;;) {
    if (!budget.hasTimeLeft()) {
      await checkpoint();
      return { done, failed, unfinished: true, complete: false };
    }
    const page = await deps.dueWork.duePage('SUPPORT_STATUS', END_OF_TIME, budget.pageSize, cursor);
    const organizations = new Set<string>();
    for (const id of page.ids) {
      const organizationId = parseProductRef(id)?.organizationId;
      if (organizationId !== undefined && !asked.has(organizationId)) organizations.add(organizationId);
    }
    let pageFailed = false;
    for (const organizationId of organizations) {
      try {
        if (await deps.digests.scheduleIfMissing(organizationId, firstAt)) done += 1;
        asked.add(organizationId);
      } catch (error) {
        failed += 1;
        pageFailed = true;
        logger.error('digest schedule backfill failed; the next run repeats the page', {
          error,
          organizationId,
        });
      }
    }
    // The page is done only when each of its organizations is: else the next run starts from it again.
    if (pageFailed) {
      await checkpoint();
      return { done, failed, unfinished: true, complete: false };
    }
    cursor = page.after;
    if (cursor === undefined) {
      await deps.cursors.save(DIGEST_SCHEDULE_BACKFILL_JOB, BACKFILL_COMPLETE);
      logger.info('digest schedule backfill complete', { scheduled: done });
      return { done, failed, unfinished: false, complete: true };
    }
    pages += 1;
    if (pages % CHECKPOINT_PAGES === 0) await checkpoint();
  }
}
