import type {
  DecisionCheck,
  ReviewTask,
  TaskFailure,
  ValidationResult,
} from '../../../review/review-workflow.contract';
import { applyApproval, closeWithoutOrganization } from './apply-outcome';
import {
  acknowledgeRequest,
  checkDecision,
  createPendingOrganization,
  escalateReview,
  expireRequest,
  parkForAttention,
  validateRequest,
  type ReviewDependencies,
} from './review-tasks';

export interface ReviewTaskInput {
  readonly task: ReviewTask;
  readonly requestId: string;
  readonly failure?: TaskFailure | undefined;
}

/** Runs one Task state of the review workflow; answers what the state machine stores (or nothing). */
export async function runReviewTask(
  deps: ReviewDependencies,
  input: ReviewTaskInput,
): Promise<ValidationResult | DecisionCheck | { readonly done: true }> {
  const done = { done: true } as const;
  switch (input.task) {
    case 'validate':
      return validateRequest(deps, input.requestId);
    case 'create-pending-organization':
      await createPendingOrganization(deps, input.requestId);
      return done;
    case 'acknowledge':
      await acknowledgeRequest(deps, input.requestId);
      return done;
    case 'check-decision':
      return checkDecision(deps, input.requestId);
    case 'escalate':
      await escalateReview(deps, input.requestId);
      return done;
    case 'apply-approval':
      await applyApproval(deps, input.requestId);
      return done;
    case 'apply-rejection':
      await closeWithoutOrganization(deps, input.requestId, 'REJECTED');
      return done;
    case 'expire':
      await expireRequest(deps, input.requestId);
      return done;
    case 'park':
      await parkForAttention(deps, input.requestId, input.failure);
      return done;
  }
}
