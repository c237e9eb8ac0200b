import type { ScheduledJobName } from '../../../jobs/scheduled-jobs';
import type { Dependencies } from '../dependencies';
import type { JobBudget, JobReport } from './due-work';
import { finishErasures, type ErasureJobDependencies } from './erasure-jobs';
import { remindStalledOnboarding } from './onboarding-jobs';
import { rollSupportStatus, type SupportStatusJobDependencies } from './portal-jobs';
import { sendSupportDigests, type SupportDigestJobDependencies } from './support-digest-job';
import {
  BACKFILL_PAGE_SIZE,
  backfillDigestSchedules,
  type DigestScheduleBackfillDependencies,
} from './digest-schedule-backfill';
import {
  expireReviews,
  finalizeReviews,
  measureReviewQueue,
  type ReviewJobDependencies,
} from './review-jobs';

export type JobDependencies = ReviewJobDependencies &
  SupportStatusJobDependencies &
  ErasureJobDependencies &
  SupportDigestJobDependencies &
  DigestScheduleBackfillDependencies &
  Pick<Dependencies, 'dueWork'> & { readonly reminderAfterSeconds: number };

export async function runScheduledJob(
  deps: JobDependencies,
  job: ScheduledJobName,
  budget: JobBudget,
): Promise<JobReport> {
  switch (job) {
    case 'finalize-reviews':
      return finalizeReviews(deps, budget);
    case 'expire-reviews':
      return expireReviews(deps, budget);
    case 'remind-stalled-onboarding':
      return remindStalledOnboarding(deps, budget);
    case 'roll-support-status':
      return rollSupportStatus(deps, budget);
    case 'finish-erasures':
      return finishErasures(deps, budget);
    case 'send-support-digests':
      return sendSupportDigests(deps, budget);
    case 'backfill-digest-schedules': {
      const { done, failed, unfinished } = await backfillDigestSchedules(deps, {
        ...budget,
        pageSize: BACKFILL_PAGE_SIZE,
      });
      return { done, failed, unfinished };
    }
    case 'measure-review-queue':
      return measureReviewQueue(deps);
  }
}
