import '../../local/polyfills';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_TASK_STATES, WAIT_FOR_DECISION_STATE } from '../../functions/review/review-workflow.contract';
import { readFileSync } from 'node:fs';
import {
  allStates,
  loadReviewDefinition,
  loadWorkflowDefinitions,
  WORKFLOW_DEFINITIONS_CACHE,
  workflowSourcesFingerprint,
  type ReviewDefinition,
} from '../../local/review-definition';
import { checkReviewDefinition } from '../../local/review-workflow';

/**
 * The state machine the local stack runs is the one synthesized from lib/ (no copy): every task of the contract,
 * the decision wait, nothing left of CloudFormation, and a definition aws-local-stepfunctions accepts.
 */

let review: ReviewDefinition;

beforeAll(async () => {
  // Synthesized here, never from the cache the local stack uses.
  review = await loadReviewDefinition({ cache: false });
});

describe('the cache of the synthesized definitions (what each stack start reads)', () => {
  it('answers what synthesis answers, keyed by the fingerprint of the current sources', async () => {
    await loadWorkflowDefinitions();
    const fromCache = await loadWorkflowDefinitions();
    expect(fromCache.review.definition).toEqual(review.definition);
    expect(fromCache.review.reviewFunction).toEqual(review.reviewFunction);
    const cached = JSON.parse(readFileSync(WORKFLOW_DEFINITIONS_CACHE, 'utf8')) as { fingerprint: string };
    expect(cached.fingerprint).toBe(workflowSourcesFingerprint());
  });
});

describe('the review definition loaded from the synthesized CDK app', () => {
  it('has every Task state of REVIEW_TASK_STATES, each invoking the review function with its task', () => {
    const states = Object.fromEntries(allStates(review.definition));
    for (const [name, task] of Object.entries(REVIEW_TASK_STATES)) {
      expect(states[name], name).toMatchObject({
        Type: 'Task',
        Resource: review.reviewFunction.arn,
        Parameters: { task, 'requestId.$': '$.requestId' },
      });
    }
    const tasks = Object.entries(states).filter(([, state]) => state.Type === 'Task');
    expect(tasks.map(([name]) => name).sort()).toEqual(Object.keys(REVIEW_TASK_STATES).sort());
    expect(() => checkReviewDefinition(review)).not.toThrow();
  });

  it('waits for a decision in WaitForDecision for the seconds the last check asked for', () => {
    expect(review.definition.States[WAIT_FOR_DECISION_STATE]).toMatchObject({
      Type: 'Wait',
      SecondsPath: '$.check.waitSeconds',
      Next: 'CheckDecision',
    });
  });

  it('is plain Amazon States Language that the local executor accepts', () => {
    const text = JSON.stringify(review.definition);
    expect(text).not.toMatch(/Fn::|"Ref"|\$\{Token\[/);
    expect(review.reviewFunction.arn).toMatch(/^arn:aws:lambda:us-east-1:000000000000:function:\w+$/);
    expect(review.definition.StartAt).toBe('ValidateRequest');
    expect(review.reviewFunction.timeoutSeconds).toBeGreaterThan(0);
    expect(() => new StateMachine(review.definition as StateMachineDefinition)).not.toThrow();
  });

  it('refuses a definition that drifted from the contract', () => {
    const { CheckDecision: _removed, ...states } = review.definition.States;
    expect(() =>
      checkReviewDefinition({ ...review, definition: { ...review.definition, States: states } }),
    ).toThrow(/CheckDecision/);
  });
});
