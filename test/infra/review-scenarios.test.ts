// aws-local-stepfunctions calls Promise.withResolvers (Node 22); the local runtime's polyfill covers Node 20.
import '../../local/polyfills';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import type {
  DecisionCheck,
  ReviewTask,
  ValidationResult,
} from '../../functions/review/review-workflow.contract';
import { logicalIdOf, synthPortico } from './support/portico-app';
import { definitionOf } from './support/state-machine';

/**
 * The synthesized review definition, run as the local runtime runs it (aws-local-stepfunctions, one local
 * handler per Task state, no real waits): the same JSON AWS would run, so these scenarios check the
 * definition's behaviour, not a copy of it.
 */
const { stack, template } = synthPortico();
const definition = definitionOf(template, logicalIdOf(stack.reviewWorkflow.stateMachine));
const taskStates = Object.keys(definition.States).filter((name) => definition.States[name]?.Type === 'Task');

interface Scenario {
  readonly validation: ValidationResult['outcome'];
  /** Outcomes `check-decision` returns, one per call. */
  readonly checks?: DecisionCheck['outcome'][];
  /** Tasks that throw on every attempt. */
  readonly failing?: ReviewTask[];
}

interface TaskCall {
  readonly task: string;
  readonly input: Record<string, unknown>;
}

async function run(scenario: Scenario): Promise<{ calls: TaskCall[]; error?: Error }> {
  const calls: TaskCall[] = [];
  const checks = [...(scenario.checks ?? [])];
  const handle = (input: Record<string, unknown>): Record<string, string | number> => {
    const task = String(input.task) as ReviewTask;
    calls.push({ task, input });
    if (scenario.failing?.includes(task)) throw new Error(`${task} failed`);
    if (task === 'validate') return { outcome: scenario.validation };
    if (task === 'check-decision') return { outcome: checks.shift() ?? 'PENDING', waitSeconds: 60 };
    return { done: task };
  };
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, {
    // Resources are the function's deploy-time ARN (rendered `<Id.Arn>`), replaced by the local handlers.
    validationOptions: { checkArn: false },
  });
  const execution = machine.run(
    { requestId: 'req-1' },
    {
      overrides: {
        taskResourceLocalHandlers: Object.fromEntries(
          taskStates.map((name) => [name, (input) => handle(input as Record<string, unknown>)]),
        ),
        waitTimeOverrides: { WaitForDecision: 0 },
        retryIntervalOverrides: Object.fromEntries(taskStates.map((name) => [name, 0])),
      },
    },
  );
  try {
    await execution.result;
    return { calls };
  } catch (error) {
    return { calls, error: error as Error };
  }
}

const tasksOf = (calls: TaskCall[]) => calls.map((call) => call.task);

describe('the review definition, run by the local executor', () => {
  it('passes only the task name and the request id to every task', async () => {
    const { calls } = await run({ validation: 'REVIEW', checks: ['APPROVED'] });
    for (const call of calls) expect(call.input).toEqual({ task: call.task, requestId: 'req-1' });
  });

  it.each(['MERGED', 'CLOSED'] as const)(
    'ends successfully after validation when the outcome is %s',
    async (validation) => {
      const { calls, error } = await run({ validation });
      expect(error).toBeUndefined();
      expect(tasksOf(calls)).toEqual(['validate']);
    },
  );

  it.each([
    ['APPROVED', 'apply-approval'],
    ['REJECTED', 'apply-rejection'],
    ['EXPIRED', 'expire'],
  ] as const)('applies an %s decision once and succeeds', async (outcome, task) => {
    const { calls, error } = await run({ validation: 'REVIEW', checks: [outcome] });
    expect(error).toBeUndefined();
    expect(tasksOf(calls)).toEqual([
      'validate',
      'create-pending-organization',
      'acknowledge',
      'check-decision',
      task,
    ]);
  });

  it('keeps checking while the decision is pending, escalates once asked to, then applies the decision', async () => {
    const { calls, error } = await run({
      validation: 'REVIEW',
      checks: ['PENDING', 'PENDING', 'ESCALATE', 'PENDING', 'APPROVED'],
    });
    expect(error).toBeUndefined();
    expect(tasksOf(calls).slice(3)).toEqual([
      'check-decision',
      'check-decision',
      'check-decision',
      'escalate',
      'check-decision',
      'check-decision',
      'apply-approval',
    ]);
  });

  it('retries a failing task 4 times, then parks the request with the failure and fails as ReviewNeedsAttention', async () => {
    const { calls, error } = await run({ validation: 'REVIEW', failing: ['acknowledge'] });
    expect(tasksOf(calls)).toEqual([
      'validate',
      'create-pending-organization',
      ...Array<string>(5).fill('acknowledge'),
      'park',
    ]);
    expect(calls.at(-1)?.input).toEqual({
      task: 'park',
      requestId: 'req-1',
      failure: { Error: 'Error', Cause: 'acknowledge failed' },
    });
    expect((error?.cause as Error | undefined)?.name).toBe('ReviewNeedsAttention');
  });

  it('fails without parking again when parking itself keeps failing', async () => {
    const { calls, error } = await run({ validation: 'REVIEW', failing: ['check-decision', 'park'] });
    expect(tasksOf(calls).filter((task) => task === 'park')).toHaveLength(5);
    expect(tasksOf(calls).at(-1)).toBe('park');
    expect(error).toBeInstanceOf(Error);
    expect((error?.cause as Error | undefined)?.name).not.toBe('ReviewNeedsAttention');
  });
});
