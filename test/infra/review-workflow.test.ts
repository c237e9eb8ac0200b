import { describe, expect, it } from 'vitest';
import {
  type DecisionCheck,
  REVIEW_TASK_STATES,
  type ReviewTaskState,
  type ValidationResult,
  WAIT_FOR_DECISION_STATE,
} from '../../functions/review/review-workflow.contract';
import { REVIEW_EXECUTION_TIMEOUT } from '../../lib/review-workflow';
import {
  arnOf,
  type CfnResourceJson,
  logicalIdOf,
  ref,
  resourcesOfType,
  synthPortico,
} from './support/portico-app';
import { type AslState, definitionOf, reachableStates, successorsOf } from './support/state-machine';

const { stack, template } = synthPortico();
const resources = template.toJSON().Resources as Record<string, CfnResourceJson>;
const { stateMachine, reviewFunction, logGroup } = stack.reviewWorkflow;
const definition = definitionOf(template, logicalIdOf(stateMachine));
const states = definition.States;

const TASK_STATES = Object.keys(REVIEW_TASK_STATES) as ReviewTaskState[];

function stateNamed(name: string): AslState {
  const state = states[name];
  if (!state) throw new Error(`no state ${name}; states are ${Object.keys(states).join(', ')}`);
  return state;
}

/** Where a Choice goes for each value of `variable`, and its default. */
function routesOf(name: string, variable: string): { routes: Record<string, string>; otherwise?: string } {
  const choice = stateNamed(name);
  expect(choice.Type).toBe('Choice');
  const routes: Record<string, string> = {};
  for (const rule of choice.Choices ?? []) {
    expect(rule.Variable).toBe(variable);
    routes[String(rule.StringEquals)] = rule.Next;
  }
  return { routes, otherwise: choice.Default };
}

describe('the review state machine resource', () => {
  const properties = resources[logicalIdOf(stateMachine)]?.Properties ?? {};

  it('is a STANDARD state machine with a generated name', () => {
    expect(properties.StateMachineType).toBe('STANDARD');
    expect(properties.StateMachineName).toBeUndefined();
  });

  it('logs every state, with its data, to its own log group kept for a month', () => {
    expect(properties.LoggingConfiguration).toEqual({
      Level: 'ALL',
      IncludeExecutionData: true,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: arnOf(logGroup) } }],
    });
    expect(resources[logicalIdOf(logGroup)]?.Properties?.RetentionInDays).toBe(30);
  });

  it('is traced with X-Ray', () => {
    expect(properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('gives up on an execution after 21 days (REVIEW_EXECUTION_TIMEOUT)', () => {
    expect(definition.TimeoutSeconds).toBe(21 * 24 * 3600);
    expect(definition.TimeoutSeconds).toBe(REVIEW_EXECUTION_TIMEOUT.toSeconds());
  });

  it('times out within what the local executor can time (a Node.js timer of at most 2^31 - 1 ms)', () => {
    expect((definition.TimeoutSeconds ?? Infinity) * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('is published as the ReviewStateMachineArn output', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.ReviewStateMachineArn?.Value).toEqual(ref(stateMachine));
  });
});

describe('the review definition', () => {
  it('starts by validating the request', () => {
    expect(definition.StartAt).toBe('ValidateRequest');
  });

  it('has one Task per REVIEW_TASK_STATES entry and no other Task', () => {
    const tasks = Object.entries(states)
      .filter(([, state]) => state.Type === 'Task')
      .map(([name]) => name);
    expect(tasks.sort()).toEqual([...TASK_STATES].sort());
  });

  it('goes only to states it defines, and reaches every state it defines', () => {
    for (const state of Object.values(states)) {
      for (const next of successorsOf(state)) expect(Object.keys(states)).toContain(next);
    }
    expect([...reachableStates(definition)].sort()).toEqual(Object.keys(states).sort());
  });

  describe.each(TASK_STATES)('the %s task', (name) => {
    const state = stateNamed(name);

    it("invokes the review function directly with its task name and the request id (the local executor's contract)", () => {
      expect(state.Type).toBe('Task');
      expect(state.Resource).toBe(`<${logicalIdOf(reviewFunction.function)}.Arn>`);
      expect(state.Parameters).toEqual({
        task: REVIEW_TASK_STATES[name],
        'requestId.$': '$.requestId',
        ...(name === 'ParkForAttention' ? { 'failure.$': '$.failure' } : {}),
      });
    });

    it('retries with exponential backoff, States.ALL last', () => {
      const retriers = state.Retry ?? [];
      expect(retriers.length).toBeGreaterThan(0);
      for (const retrier of retriers) {
        expect(retrier.BackoffRate).toBe(2);
        expect(retrier.MaxAttempts).toBeGreaterThanOrEqual(3);
        expect(retrier.IntervalSeconds).toBeGreaterThanOrEqual(1);
      }
      expect(retriers.at(-1)).toEqual({
        ErrorEquals: ['States.ALL'],
        IntervalSeconds: 2,
        MaxAttempts: 4,
        BackoffRate: 2,
      });
    });

    if (name === 'ParkForAttention') {
      it('catches nothing (a failure to park cannot park again) and ends as NeedsAttention', () => {
        expect(state.Catch).toBeUndefined();
        expect(state.ResultPath).toBeNull();
        expect(state.Next).toBe('NeedsAttention');
      });
    } else {
      it('parks the request for a person when its retries are spent, keeping the failure at $.failure', () => {
        expect(state.Catch).toEqual([
          { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'ParkForAttention' },
        ]);
      });
    }
  });

  it('keeps only the validation and decision-check results in the execution state', () => {
    const resultPaths = Object.fromEntries(TASK_STATES.map((name) => [name, stateNamed(name).ResultPath]));
    expect(resultPaths).toEqual({
      ...Object.fromEntries(TASK_STATES.map((name) => [name, null])),
      ValidateRequest: '$.validation',
      CheckDecision: '$.check',
    });
  });

  it('fails as ReviewNeedsAttention, with a cause, once a request is parked', () => {
    const fail = stateNamed('NeedsAttention');
    expect(fail.Type).toBe('Fail');
    expect(fail.Error).toBe('ReviewNeedsAttention');
    expect(fail.Cause).toEqual(expect.any(String));
  });

  it('routes on the validation outcome: REVIEW opens the review, MERGED and CLOSED end successfully', () => {
    const validationChoice = stateNamed('ValidateRequest').Next ?? '';
    const { routes, otherwise } = routesOf(validationChoice, '$.validation.outcome');
    expect(routes).toEqual({
      REVIEW: 'CreatePendingOrganization',
      MERGED: 'MergedIntoOpenReview',
    } satisfies Partial<Record<ValidationResult['outcome'], string>>);
    expect(otherwise).toBe('NothingToReview');
    expect(stateNamed('MergedIntoOpenReview').Type).toBe('Succeed');
    expect(stateNamed('NothingToReview').Type).toBe('Succeed');
  });

  it('opens a review by creating the pending organization, acknowledging, then checking for a decision', () => {
    expect(stateNamed('CreatePendingOrganization').Next).toBe('AcknowledgeRequest');
    expect(stateNamed('AcknowledgeRequest').Next).toBe('CheckDecision');
    expect(stateNamed('CheckDecision').Next).toBe('RouteDecision');
  });

  it('routes every decision-check outcome; PENDING (the default) waits', () => {
    const { routes, otherwise } = routesOf('RouteDecision', '$.check.outcome');
    const expected: Record<DecisionCheck['outcome'], string> = {
      APPROVED: 'ApplyApproval',
      REJECTED: 'ApplyRejection',
      EXPIRED: 'ExpireRequest',
      ESCALATE: 'EscalateReview',
      PENDING: WAIT_FOR_DECISION_STATE,
    };
    const { PENDING, ...decided } = expected;
    expect(routes).toEqual(decided);
    expect(otherwise).toBe(PENDING);
  });

  it.each([
    ['ApplyApproval', 'Approved'],
    ['ApplyRejection', 'Rejected'],
    ['ExpireRequest', 'Expired'],
  ])('ends with %s → %s (Succeed)', (task, end) => {
    expect(stateNamed(task).Next).toBe(end);
    expect(stateNamed(end).Type).toBe('Succeed');
  });

  it('escalates, then keeps waiting', () => {
    expect(stateNamed('EscalateReview').Next).toBe(WAIT_FOR_DECISION_STATE);
  });

  it('waits the seconds the last check asked for, then checks again (the loop)', () => {
    const wait = stateNamed(WAIT_FOR_DECISION_STATE);
    expect(wait).toEqual({ Type: 'Wait', SecondsPath: '$.check.waitSeconds', Next: 'CheckDecision' });
  });

  it('ends only in the five Succeed states and NeedsAttention', () => {
    const ends = Object.entries(states)
      .filter(([, state]) => successorsOf(state).length === 0)
      .map(([name, state]) => `${state.Type} ${name}`);
    expect(ends.sort()).toEqual(
      [
        'Succeed Approved',
        'Succeed Rejected',
        'Succeed Expired',
        'Succeed MergedIntoOpenReview',
        'Succeed NothingToReview',
        'Fail NeedsAttention',
      ].sort(),
    );
  });
});

describe('the review state machine role', () => {
  const roleId = logicalIdOf(stateMachine.role);
  const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(
      (policy) =>
        (
          policy.Properties?.PolicyDocument as {
            Statement: { Action: string | string[]; Resource: unknown }[];
          }
        ).Statement,
    );

  it('invokes the review function (and its versions) and no other function', () => {
    const invokes = statements.filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('lambda:')),
    );
    expect(invokes).toHaveLength(1);
    expect([invokes[0]?.Action].flat()).toEqual(['lambda:InvokeFunction']);
    const fnArn = arnOf(reviewFunction.function);
    expect(invokes[0]?.Resource).toEqual([fnArn, { 'Fn::Join': ['', [fnArn, ':*']] }]);
  });

  it('uses "*" only for log delivery and X-Ray, which have no resource-level permissions', () => {
    for (const statement of statements.filter((candidate) => candidate.Resource === '*')) {
      for (const action of [statement.Action].flat()) expect(action).toMatch(/^(logs|xray):/);
    }
  });
});
