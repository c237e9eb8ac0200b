import type { DueKind } from '../../domain/scheduled-work';
import { logger } from '../../logger';
import type { Dependencies } from '../dependencies';

export interface JobReport {
  /** Items acted on. */
  readonly done: number;
  /** Items whose action failed; they stay due and the next run tries again. */
  readonly failed: number;
  /** Whether the run stopped at its time budget with work left (the next run goes on). */
  readonly unfinished: boolean;
}

/** How long a job may go on; the handler derives it from the Lambda's remaining time. */
export interface JobBudget {
  readonly pageSize: number;
  hasTimeLeft(): boolean;
}

/**
 * Pages through every item of `kind` due by now, in the byDue index, and acts on each. One item's failure is
 * logged and counted, never the end of the run. Never reads more than a page ahead, however much is due.
 */
export async function forEachDue(
  deps: Pick<Dependencies, 'dueWork' | 'clock'>,
  kind: DueKind,
  budget: JobBudget,
  act: (id: string) => Promise<void>,
): Promise<JobReport> {
  const now = deps.clock.now();
  let done = 0;
  let failed = 0;
  let after: string | undefined;
  do {
    if (!budget.hasTimeLeft()) return { done, failed, unfinished: true };
    const page = await deps.dueWork.duePage(kind, now, budget.pageSize, after);
    for (const id of page.ids) {
      try {
        await act(id);
        done += 1;
      } catch (error) {
        failed += 1;
        logger.error('scheduled work failed; it stays due', { error, kind, id });
      }
    }
    after = page.after;
  } while (after);
  return { done, failed, unfinished: false };
}

export function sumReports(reports: readonly JobReport[]): JobReport {
  return {
    done: reports.reduce((sum, report) => sum + report.done, 0),
    failed: reports.reduce((sum, report) => sum + report.failed, 0),
    unfinished: reports.some((report) => report.unfinished),
  };
}
