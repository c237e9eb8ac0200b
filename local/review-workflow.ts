import type { Context } from 'aws-lambda';
import { REVIEW_TASK_STATES, WAIT_FOR_DECISION_STATE } from '../functions/review/review-workflow.contract';
import { lambdaTaskHandler, type LocalStateMachine } from './emulators/step-functions';
import { lambdaContext } from './lambda-context';
import { allStates, LOCAL_ACCOUNT, LOCAL_REGION, type ReviewDefinition } from './review-definition';

/** The review state machine's ARN on one machine (REVIEW_STATE_MACHINE_ARN of the local functions). */
export const LOCAL_REVIEW_STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:portico-review`;

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Checks the synthesized definition against the contract the review function implements: its Task states are
 * exactly REVIEW_TASK_STATES, each invokes the review function with its own task, and the decision wait exists.
 * A drift between lib/review-workflow.ts and the contract stops the local stack with the reason.
 */
export function checkReviewDefinition(review: ReviewDefinition): void {
  const states = allStates(review.definition);
  const tasks = states.filter(([, state]) => state.Type === 'Task');
  const problems: string[] = [];
  const taskNames = new Set(tasks.map(([name]) => name));
  for (const name of Object.keys(REVIEW_TASK_STATES)) {
    if (!taskNames.has(name)) problems.push(`Task state ${name} (REVIEW_TASK_STATES) is missing`);
  }
  for (const [name, state] of tasks) {
    const task = (REVIEW_TASK_STATES as Record<string, string>)[name];
    if (!task) problems.push(`Task state ${name} is not in REVIEW_TASK_STATES`);
    else if (state.Parameters?.task !== task) problems.push(`${name} should run task "${task}"`);
    if (state.Resource !== review.reviewFunction.arn)
      problems.push(`${name} does not invoke the review function`);
  }
  if (!states.some(([name, state]) => name === WAIT_FOR_DECISION_STATE && state.Type === 'Wait')) {
    problems.push(`Wait state ${WAIT_FOR_DECISION_STATE} is missing`);
  }
  if (problems.length) {
    throw new Error(`The review state machine does not match its contract: ${problems.join('; ')}`);
  }
}

/**
 * The review state machine for the local Step Functions emulator: every Task state runs the review function's
 * handler in this process, with a Lambda context carrying the deployed function's timeout.
 */
export function localReviewStateMachine(review: ReviewDefinition, handler: LambdaHandler): LocalStateMachine {
  checkReviewDefinition(review);
  const invoke = lambdaTaskHandler(handler, () =>
    lambdaContext({
      name: 'review',
      timeoutSeconds: review.reviewFunction.timeoutSeconds,
      memoryMb: review.reviewFunction.memoryMb,
    }),
  );
  return {
    arn: LOCAL_REVIEW_STATE_MACHINE_ARN,
    definition: review.definition,
    taskHandlers: Object.fromEntries(Object.keys(REVIEW_TASK_STATES).map((name) => [name, invoke])),
  };
}
