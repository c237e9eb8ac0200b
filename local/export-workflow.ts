import type { Context } from 'aws-lambda';
import { EXPORT_TASK_STATES } from '../functions/exports/export-workflow.contract';
import { lambdaTaskHandler, type LocalStateMachine } from './emulators/step-functions';
import { lambdaContext } from './lambda-context';
import { allStates, LOCAL_ACCOUNT, LOCAL_REGION, type WorkflowDefinition } from './review-definition';

/** The export state machine's ARN on one machine (EXPORT_STATE_MACHINE_ARN of the local functions). */
export const LOCAL_EXPORT_STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:portico-export`;

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Checks the synthesized definition against the contract the export function implements: its Task states are
 * exactly EXPORT_TASK_STATES, each invoking the export function with its own task.
 */
export function checkExportDefinition(exportWorkflow: WorkflowDefinition): void {
  const tasks = allStates(exportWorkflow.definition).filter(([, state]) => state.Type === 'Task');
  const problems: string[] = [];
  const expected = Object.keys(EXPORT_TASK_STATES);
  for (const name of expected) {
    if (!tasks.some(([task]) => task === name)) problems.push(`Task state ${name} is missing`);
  }
  for (const [name, state] of tasks) {
    const task = (EXPORT_TASK_STATES as Record<string, string>)[name];
    if (!task) problems.push(`Task state ${name} is not in EXPORT_TASK_STATES`);
    else if (state.Parameters?.task !== task) problems.push(`${name} should run task "${task}"`);
    if (state.Resource !== exportWorkflow.taskFunction.arn)
      problems.push(`${name} does not invoke the export function`);
  }
  if (problems.length) {
    throw new Error(`The export state machine does not match its contract: ${problems.join('; ')}`);
  }
}

/** The export state machine for the local Step Functions emulator: its tasks run the export function here. */
export function localExportStateMachine(
  exportWorkflow: WorkflowDefinition,
  handler: LambdaHandler,
): LocalStateMachine {
  checkExportDefinition(exportWorkflow);
  const invoke = lambdaTaskHandler(handler, () =>
    lambdaContext({
      name: 'export',
      timeoutSeconds: exportWorkflow.taskFunction.timeoutSeconds,
      memoryMb: exportWorkflow.taskFunction.memoryMb,
    }),
  );
  return {
    arn: LOCAL_EXPORT_STATE_MACHINE_ARN,
    definition: exportWorkflow.definition,
    taskHandlers: Object.fromEntries(Object.keys(EXPORT_TASK_STATES).map((name) => [name, invoke])),
  };
}
