/**
 * The contract between the organization review state machine (lib/review-workflow.ts, run by Step Functions
 * on AWS and by aws-local-stepfunctions on one machine) and the function that performs its tasks
 * (functions/review/review-task.handler.ts). Both sides import these names, so they cannot drift.
 *
 * Execution input: `{ "requestId": "<id>" }`; every Task state invokes the review function with
 * `{ "task": <ReviewTask>, "requestId.$": "$.requestId" }` (ParkForAttention also passes `failure.$`).
 */

/** The work the review function can be asked to do, one per Task state. */
export const REVIEW_TASKS = [
  'validate',
  'create-pending-organization',
  'acknowledge',
  'check-decision',
  'escalate',
  'apply-approval',
  'apply-rejection',
  'expire',
  'park',
] as const;
export type ReviewTask = (typeof REVIEW_TASKS)[number];

/** Task state name → the task it runs. State names are what the local executor maps handlers by. */
export const REVIEW_TASK_STATES = {
  ValidateRequest: 'validate',
  CreatePendingOrganization: 'create-pending-organization',
  AcknowledgeRequest: 'acknowledge',
  CheckDecision: 'check-decision',
  EscalateReview: 'escalate',
  ApplyApproval: 'apply-approval',
  ApplyRejection: 'apply-rejection',
  ExpireRequest: 'expire',
  ParkForAttention: 'park',
} as const satisfies Record<string, ReviewTask>;
export type ReviewTaskState = keyof typeof REVIEW_TASK_STATES;

/** The Wait state between two decision checks; it waits `$.check.waitSeconds`. */
export const WAIT_FOR_DECISION_STATE = 'WaitForDecision';

/** Result of `validate`, stored at `$.validation`. */
export interface ValidationResult {
  /**
   * - REVIEW: this request goes to review;
   * - MERGED: another open request already covers the domain; the requester was attached to it;
   * - CLOSED: nothing to review (the domain meanwhile belongs to an organization, or the request is closed).
   */
  readonly outcome: 'REVIEW' | 'MERGED' | 'CLOSED';
}

/** Result of `check-decision`, stored at `$.check` (see checkDecision in the domain). */
export type { DecisionCheck } from '../core/domain/organization-request';

/** What the Catch of every task stores at `$.failure` before ParkForAttention runs. */
export interface TaskFailure {
  readonly Error?: string;
  readonly Cause?: string;
}
