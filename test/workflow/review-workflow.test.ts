import '../../local/polyfills';
import { StateMachine } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../functions/core/domain/account';
import { decideOrganizationRequest } from '../../functions/core/use-cases/operator/organization-requests';
import { runReviewTask, type ReviewTaskInput } from '../../functions/core/use-cases/review/run-review-task';
import { submitOrganizationRequest } from '../../functions/core/use-cases/submit-organization-request';
import { REVIEW_TASK_STATES, WAIT_FOR_DECISION_STATE } from '../../functions/review/review-workflow.contract';
import { loadReviewDefinition, type ReviewDefinition } from '../../local/review-definition';
import { OPERATOR, anOrganizationSeeker, organizationDetails } from '../unit/fixtures';
import { fakeWorld, type FakeWorld } from '../unit/fakes';

/**
 * The review state machine as CDK synthesizes it (taken from the template, not copied), executed by
 * aws-local-stepfunctions with every Task running the real review use cases against in-memory ports. Waits
 * take no real time: the fake clock moves on by the wait each check asked for, so days pass in milliseconds.
 */

type TaskState = keyof typeof REVIEW_TASK_STATES;
type LocalHandlers = NonNullable<
  NonNullable<Parameters<StateMachine['run']>[1]>['overrides']
>['taskResourceLocalHandlers'];
type JSONValue = Parameters<NonNullable<LocalHandlers>[string]>[0];
const TASK_STATES = Object.keys(REVIEW_TASK_STATES) as TaskState[];

let review: ReviewDefinition;
beforeAll(async () => {
  review = await loadReviewDefinition();
}, 120_000);

interface Run {
  /** Task states in the order they ran, retries included. */
  readonly calls: TaskState[];
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: unknown;
  readonly error?: unknown;
}

interface RunOptions {
  /** Called before each task; throwing makes the task fail as a Lambda error would. */
  readonly beforeTask?: (state: TaskState, calls: readonly TaskState[]) => Promise<void> | void;
}

async function execute(world: FakeWorld, requestId: string, options: RunOptions = {}): Promise<Run> {
  const calls: TaskState[] = [];
  // The wait the last check asked for passes when the next check starts (WaitForDecision sits in between).
  let waited = 0;
  const handler = (state: TaskState) => async (input: JSONValue) => {
    calls.push(state);
    if (state === 'CheckDecision') world.clock.advanceSeconds(waited);
    await options.beforeTask?.(state, calls);
    const result = await runReviewTask(world.deps, input as unknown as ReviewTaskInput);
    if ('waitSeconds' in result) waited = result.waitSeconds;
    return result as unknown as JSONValue;
  };
  const machine = new StateMachine(review.definition as never);
  const execution = machine.run(
    { requestId },
    {
      overrides: {
        taskResourceLocalHandlers: Object.fromEntries(TASK_STATES.map((state) => [state, handler(state)])),
        waitTimeOverrides: { [WAIT_FOR_DECISION_STATE]: 0 },
        retryIntervalOverrides: Object.fromEntries(TASK_STATES.map((state) => [state, 0])),
      },
    },
  );
  try {
    return { calls, status: 'SUCCEEDED', output: await execution.result };
  } catch (error) {
    return { calls, status: 'FAILED', error };
  }
}

async function submit(world: FakeWorld, account: Account): Promise<string> {
  world.accounts.seedAccount(account);
  await submitOrganizationRequest(world.deps, account.userId, organizationDetails());
  const requestId = world.accounts.storedAccount(account.userId)?.organizationRequestId;
  if (!requestId) throw new Error('the request was not recorded');
  return requestId;
}

const ADA = anOrganizationSeeker();
const BOB = anOrganizationSeeker({ userId: 'user-bob', email: 'bob@acme.example', firstName: 'Bob' });

describe('the synthesized review state machine', () => {
  it('has one Task per contract state, and the decision wait', () => {
    const states = review.definition.States;
    for (const state of TASK_STATES) expect(states[state]?.Type).toBe('Task');
    expect(states[WAIT_FOR_DECISION_STATE]?.Type).toBe('Wait');
  });
});

describe('review workflow executions', () => {
  it('approval: the organization opens, the requester administers it, and is emailed', async () => {
    const world = fakeWorld();
    const requestId = await submit(world, ADA);
    const run = await execute(world, requestId, {
      beforeTask: async (state, calls) => {
        // The operator decides while the workflow is waiting, after a few checks.
        if (state === 'CheckDecision' && calls.filter((c) => c === 'CheckDecision').length === 3) {
          await decideOrganizationRequest(world.deps, requestId, { outcome: 'APPROVE' }, OPERATOR);
        }
      },
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(run.calls.slice(0, 3)).toEqual([
      'ValidateRequest',
      'CreatePendingOrganization',
      'AcknowledgeRequest',
    ]);
    expect(run.calls.at(-1)).toBe('ApplyApproval');
    const request = await world.requests.getRequest(requestId);
    expect(request?.stage).toBe('ACTIVATED');
    const organization = await world.organizations.getOrganization(request?.organizationId ?? '');
    expect(organization).toMatchObject({ status: 'ACTIVE', domains: ['acme.example'] });
    expect(world.accounts.storedAccount(ADA.userId)).toMatchObject({
      state: 'ACTIVE',
      role: 'ADMINISTRATOR',
      organizationId: request?.organizationId,
    });
    const subjects = world.mailer.sentTo(ADA.email).map((message) => message.subject);
    expect(subjects).toEqual([
      'We received your request for Acme Industries GmbH',
      'Acme Industries GmbH is approved: your business account is active',
    ]);
    expect(world.mailer.sentTo('reviewers@portico.example')).toHaveLength(1);
  });

  it('rejection: the reason is emailed and the requester goes back to REGISTER_BUSINESS', async () => {
    const world = fakeWorld();
    const requestId = await submit(world, ADA);
    const run = await execute(world, requestId, {
      beforeTask: async (state) => {
        if (state === 'CheckDecision') {
          await decideOrganizationRequest(
            world.deps,
            requestId,
            { outcome: 'REJECT', reason: 'The company registry has no such company.' },
            OPERATOR,
          );
        }
      },
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(run.calls.at(-1)).toBe('ApplyRejection');
    expect((await world.requests.getRequest(requestId))?.stage).toBe('REJECTED');
    expect(world.accounts.storedAccount(ADA.userId)?.state).toBe('REGISTER_BUSINESS');
    expect(world.mailer.lastSentTo(ADA.email).text).toContain('The company registry has no such company.');
    const pending = await world.organizations.findByEmailDomain('acme.example');
    expect(pending).toEqual([]);
  });

  it('timeout: escalated to the reviewers once after 2 business days, expired one business day later', async () => {
    const world = fakeWorld();
    const submittedAt = world.clock.now();
    const requestId = await submit(world, ADA);
    const run = await execute(world, requestId);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.calls.filter((call) => call === 'EscalateReview')).toHaveLength(1);
    expect(run.calls.at(-1)).toBe('ExpireRequest');
    const request = await world.requests.getRequest(requestId);
    expect(request?.stage).toBe('EXPIRED');
    // Submitted on a Monday 09:00: escalated Wednesday, expired Thursday, not a minute before.
    expect(submittedAt.toISOString()).toBe('2025-03-03T09:00:00.000Z');
    expect(request?.history.find((event) => event.event === 'ESCALATED')?.at).toBe(
      '2025-03-05T09:00:00.000Z',
    );
    expect(request?.history.find((event) => event.event === 'EXPIRED')?.at).toBe('2025-03-06T09:00:00.000Z');
    const reviewerSubjects = world.mailer.sentTo('reviewers@portico.example').map((m) => m.subject);
    expect(reviewerSubjects).toEqual([
      'Organization request to review: Acme Industries GmbH (acme.example)',
      'Overdue organization request: Acme Industries GmbH (acme.example)',
    ]);
    expect(world.mailer.lastSentTo(ADA.email).subject).toBe('Your request for Acme Industries GmbH expired');
    expect(world.accounts.storedAccount(ADA.userId)?.state).toBe('REGISTER_BUSINESS');
  });

  it('a task that keeps failing is retried with backoff, then the request is parked in NEEDS_ATTENTION', async () => {
    const world = fakeWorld();
    const requestId = await submit(world, ADA);
    const run = await execute(world, requestId, {
      beforeTask: (state) => {
        if (state === 'AcknowledgeRequest') throw new Error('SES is down');
      },
    });

    expect(run.status).toBe('FAILED');
    const attempts = run.calls.filter((call) => call === 'AcknowledgeRequest').length;
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(run.calls.at(-1)).toBe('ParkForAttention');
    const request = await world.requests.getRequest(requestId);
    expect(request?.stage).toBe('NEEDS_ATTENTION');
    expect(request?.attention).toMatchObject({ failedIn: 'IN_REVIEW' });
    expect(request?.attention?.error).toContain('SES is down');
    // Still visible to operators, still on its deadline for the expire job, and the requester still waits.
    expect(
      (await world.requests.listRequests({ open: true, limit: 10 })).requests.map((r) => r.requestId),
    ).toEqual([requestId]);
    expect(world.accounts.storedAccount(ADA.userId)?.state).toBe('PENDING_ORGANIZATION');
  });

  it('a transient failure is retried and the review carries on', async () => {
    const world = fakeWorld();
    const requestId = await submit(world, ADA);
    let failures = 2;
    const run = await execute(world, requestId, {
      beforeTask: async (state) => {
        if (state === 'CreatePendingOrganization' && failures-- > 0) throw new Error('throttled');
        if (state === 'CheckDecision') {
          await decideOrganizationRequest(world.deps, requestId, { outcome: 'APPROVE' }, OPERATOR);
        }
      },
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.calls.filter((call) => call === 'CreatePendingOrganization')).toHaveLength(3);
    expect((await world.requests.getRequest(requestId))?.stage).toBe('ACTIVATED');
  });

  it('two requests for one domain: the second joins the first at submission; one organization, the first administers it', async () => {
    const world = fakeWorld();
    const first = await submit(world, ADA);
    const second = await submit(world, BOB);
    // Merge at submission: Bob's submission answered Ada's request; no second request, no second review.
    expect(second).toBe(first);
    expect(world.requests.allRequests()).toHaveLength(1);
    expect((await world.requests.getRequest(first))?.requesters.map((r) => r.userId)).toEqual([
      ADA.userId,
      BOB.userId,
    ]);

    const run = await execute(world, first, {
      beforeTask: async (state, calls) => {
        if (state === 'CheckDecision' && calls.filter((c) => c === 'CheckDecision').length === 1) {
          await decideOrganizationRequest(world.deps, first, { outcome: 'APPROVE' }, OPERATOR);
        }
      },
    });
    expect(run.status).toBe('SUCCEEDED');

    const organizations = (await world.organizations.findByEmailDomain('acme.example')).filter(
      (organization) => organization.status === 'ACTIVE',
    );
    expect(organizations).toHaveLength(1);
    expect(world.accounts.storedAccount(ADA.userId)).toMatchObject({
      state: 'ACTIVE',
      role: 'ADMINISTRATOR',
    });
    expect(world.accounts.storedAccount(BOB.userId)).toMatchObject({
      state: 'ACTIVE',
      role: 'MEMBER',
      organizationId: organizations[0]?.organizationId,
    });
    // Bob was told at submission, and is not told "received" again by the review.
    expect(world.mailer.sentTo(BOB.email).map((message) => message.subject)).toEqual([
      'Your request joined the review of Acme Industries GmbH',
      'Acme Industries GmbH is approved: your business account is active',
    ]);
  });

  it('running a finished execution again changes nothing (tasks are idempotent)', async () => {
    const world = fakeWorld();
    const requestId = await submit(world, ADA);
    await execute(world, requestId, {
      beforeTask: async (state) => {
        if (state === 'CheckDecision') {
          await decideOrganizationRequest(world.deps, requestId, { outcome: 'APPROVE' }, OPERATOR);
        }
      },
    });
    const mailsBefore = world.mailer.sent.length;
    const accountBefore = world.accounts.storedAccount(ADA.userId);

    const rerun = await execute(world, requestId);
    expect(rerun.status).toBe('SUCCEEDED');
    expect(world.mailer.sent).toHaveLength(mailsBefore);
    expect(world.accounts.storedAccount(ADA.userId)).toEqual(accountBefore);
  });
});
