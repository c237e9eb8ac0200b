import { isOpen, reviewDeadlines, revised } from '../../domain/organization-request';
import { logger } from '../../logger';
import { metrics } from '../../metrics';
import type { Dependencies } from '../dependencies';
import { applyApproval, closeWithoutOrganization } from '../review/apply-outcome';
import { loadRequest, updateRequest } from '../review/request-updates';
import type { ReviewDependencies } from '../review/review-tasks';
import { forEachDue, sumReports, type JobBudget, type JobReport } from './due-work';

export type ReviewJobDependencies = ReviewDependencies & Pick<Dependencies, 'dueWork' | 'workflow'>;

/** After this many starts a request that never got validated is parked for operators instead. */
export const MAX_WORKFLOW_STARTS = 3;

/**
 * Finalizes what the workflow did not: applies recorded decisions it has not applied (its execution failed or
 * was lost), and starts the workflow again for requests it never validated.
 */
export async function finalizeReviews(deps: ReviewJobDependencies, budget: JobBudget): Promise<JobReport> {
  const decisions = await forEachDue(deps, 'REVIEW_DECISION', budget, async (requestId) => {
    const request = await loadRequest(deps, requestId);
    if (!isOpen(request.stage) || !request.decision) return;
    logger.info('applying a decision the workflow did not apply', { requestId });
    if (request.decision.outcome === 'APPROVED') await applyApproval(deps, requestId);
    else await closeWithoutOrganization(deps, requestId, 'REJECTED');
  });
  const starts = await forEachDue(deps, 'REVIEW_START', budget, (requestId) =>
    restartReview(deps, requestId),
  );
  return sumReports([decisions, starts]);
}

async function restartReview(deps: ReviewJobDependencies, requestId: string): Promise<void> {
  const now = deps.clock.now();
  const request = await updateRequest(deps, requestId, (latest) => {
    if (!isOpen(latest.stage) || latest.expiresAt) return undefined;
    if (latest.workflowStarts >= MAX_WORKFLOW_STARTS) {
      // Give operators the usual time to decide by hand; after that it expires like any other request.
      return revised(
        latest,
        now,
        {
          stage: 'NEEDS_ATTENTION',
          attention: {
            failedIn: 'SUBMITTED',
            error: 'the review workflow did not start',
            at: now.toISOString(),
          },
          ...reviewDeadlines(now, deps.reviewRules),
        },
        {
          event: 'NEEDS_ATTENTION',
          detail: `the workflow did not start after ${latest.workflowStarts} tries`,
        },
      );
    }
    return revised(
      latest,
      now,
      { workflowStarts: latest.workflowStarts + 1 },
      { event: 'WORKFLOW_RESTARTED' },
    );
  });
  if (request.stage === 'NEEDS_ATTENTION' || request.expiresAt) return;
  logger.warn('restarting a review the workflow never validated', {
    requestId,
    attempt: request.workflowStarts,
  });
  await deps.workflow.start(requestId, request.workflowStarts - 1);
}

/** Expires open requests past their deadline that nobody decided (the workflow normally does it itself). */
export async function expireReviews(deps: ReviewJobDependencies, budget: JobBudget): Promise<JobReport> {
  return forEachDue(deps, 'REVIEW_DEADLINE', budget, async (requestId) => {
    const request = await loadRequest(deps, requestId);
    const expired = request.expiresAt && Date.parse(request.expiresAt) <= deps.clock.now().getTime();
    if (!isOpen(request.stage) || request.decision || !expired) return;
    await closeWithoutOrganization(deps, requestId, 'EXPIRED');
  });
}

/**
 * Publishes the review queue for the dashboard and its alarm: how many requests wait for a decision and how
 * long the oldest has waited (0 when none). Two index queries; nothing is written.
 */
export async function measureReviewQueue(
  deps: Pick<ReviewJobDependencies, 'requests' | 'clock'>,
): Promise<JobReport> {
  const queue = await deps.requests.openQueue();
  const ageSeconds =
    queue.oldestSubmittedAt === undefined
      ? 0
      : Math.max(0, Math.round((deps.clock.now().getTime() - Date.parse(queue.oldestSubmittedAt)) / 1000));
  metrics.gauge('OpenReviews', queue.open);
  metrics.gauge('OldestOpenReviewAge', ageSeconds);
  // A measurement acts on no item: `npm start` prints only the runs of jobs that did something.
  return { done: 0, failed: 0, unfinished: false };
}
