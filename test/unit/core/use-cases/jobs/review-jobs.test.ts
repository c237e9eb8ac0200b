import { beforeEach, describe, expect, it } from 'vitest';
import {
  expireReviews,
  finalizeReviews,
  MAX_WORKFLOW_STARTS,
} from '../../../../../functions/core/use-cases/jobs/review-jobs';
import type { JobBudget } from '../../../../../functions/core/use-cases/jobs/due-work';
import { validateRequest } from '../../../../../functions/core/use-cases/review/review-tasks';
import { fakeWorld, type FakeWorld } from '../../../fakes';
import { anOrganizationRequest } from '../../../fixtures';
import { ADA, decide, storedRequest, submitAs } from '../review/scenario';

let world: FakeWorld;

const ALL_THE_TIME: JobBudget = { pageSize: 50, hasTimeLeft: () => true };
/** The jobs leave the workflow two check intervals (2 × 900 s) before they step in. */
const WORKFLOW_GRACE_SECONDS = 1800;

beforeEach(() => {
  world = fakeWorld();
});

async function reviewed(): Promise<string> {
  const { requestId } = await submitAs(world);
  await validateRequest(world.deps, requestId);
  return requestId;
}

describe('finalizeReviews', () => {
  it('applies an approval the workflow did not apply once the workflow had its grace time', async () => {
    const requestId = await reviewed();
    await decide(world, requestId, { outcome: 'APPROVE' });
    world.clock.advanceSeconds(WORKFLOW_GRACE_SECONDS);

    const report = await finalizeReviews(world.deps, ALL_THE_TIME);

    expect(report).toEqual({ done: 1, failed: 0, unfinished: false });
    expect(storedRequest(world, requestId).stage).toBe('ACTIVATED');
    expect(world.accounts.storedAccount(ADA.userId)).toMatchObject({
      state: 'ACTIVE',
      role: 'ADMINISTRATOR',
    });
  });

  it('leaves a fresh decision to the workflow', async () => {
    const requestId = await reviewed();
    await decide(world, requestId, { outcome: 'APPROVE' });
    world.clock.advanceSeconds(WORKFLOW_GRACE_SECONDS - 1);

    const report = await finalizeReviews(world.deps, ALL_THE_TIME);

    expect(report.done).toBe(0);
    expect(storedRequest(world, requestId).stage).toBe('IN_REVIEW');
  });

  it('applies a rejection the workflow did not apply', async () => {
    const requestId = await reviewed();
    await decide(world, requestId, { outcome: 'REJECT', reason: 'Not registered.' });
    world.clock.advanceSeconds(WORKFLOW_GRACE_SECONDS);

    await finalizeReviews(world.deps, ALL_THE_TIME);

    expect(storedRequest(world, requestId).stage).toBe('REJECTED');
    expect(world.mailer.lastSentTo(ADA.email).text).toContain('Not registered.');
  });

  it('applies a decision on a request parked in NEEDS_ATTENTION', async () => {
    const requestId = await reviewed();
    world.requests.seedRequest({ ...storedRequest(world, requestId), stage: 'NEEDS_ATTENTION' });
    await decide(world, requestId, { outcome: 'APPROVE' });
    world.clock.advanceSeconds(WORKFLOW_GRACE_SECONDS);

    await finalizeReviews(world.deps, ALL_THE_TIME);

    expect(storedRequest(world, requestId).stage).toBe('ACTIVATED');
  });

  it('restarts the workflow of a request it never validated, as a new attempt, once', async () => {
    world.workflow.makeUnavailable();
    const { requestId } = await submitAs(world);
    world.workflow.recover();
    world.clock.advanceMinutes(11);

    const report = await finalizeReviews(world.deps, ALL_THE_TIME);
    const again = await finalizeReviews(world.deps, ALL_THE_TIME);

    expect(report.done).toBe(1);
    expect(again.done).toBe(0);
    expect(world.workflow.startsOf(requestId)).toEqual([1]);
    expect(storedRequest(world, requestId)).toMatchObject({ stage: 'SUBMITTED', workflowStarts: 2 });
    expect(storedRequest(world, requestId).history.at(-1)?.event).toBe('WORKFLOW_RESTARTED');
  });

  it('does not restart a request the workflow validated', async () => {
    const requestId = await reviewed();
    world.clock.advanceMinutes(60);

    await finalizeReviews(world.deps, ALL_THE_TIME);

    expect(world.workflow.startsOf(requestId)).toEqual([0]);
  });

  it(`parks a request after ${MAX_WORKFLOW_STARTS} starts, giving operators the usual time to decide`, async () => {
    world.workflow.makeUnavailable();
    const { requestId } = await submitAs(world);
    const reports = [];
    for (let run = 0; run < MAX_WORKFLOW_STARTS; run += 1) {
      world.clock.advanceMinutes(11);
      reports.push(await finalizeReviews(world.deps, ALL_THE_TIME));
    }

    expect(reports.map((report) => report.failed)).toEqual([1, 1, 0]);
    expect(storedRequest(world, requestId)).toMatchObject({
      stage: 'NEEDS_ATTENTION',
      workflowStarts: MAX_WORKFLOW_STARTS,
      attention: { failedIn: 'SUBMITTED', error: 'the review workflow did not start' },
    });
    expect(storedRequest(world, requestId).expiresAt).toBeDefined();
    expect(world.workflow.calls).toBe(MAX_WORKFLOW_STARTS);

    world.workflow.recover();
    world.clock.advanceMinutes(11);
    await finalizeReviews(world.deps, ALL_THE_TIME);
    expect(world.workflow.calls).toBe(MAX_WORKFLOW_STARTS);
  });

  it('counts a failing item and goes on with the others; the failed one stays due', async () => {
    const first = await reviewed();
    world.requests.seedRequest(
      anOrganizationRequest({
        requestId: 'req-other-domain',
        domain: 'globex.example',
        stage: 'IN_REVIEW',
        escalateAt: '2025-03-05T09:00:00.000Z',
        expiresAt: '2025-03-06T09:00:00.000Z',
        revision: 1,
      }),
    );
    await decide(world, first, { outcome: 'APPROVE' });
    await decide(world, 'req-other-domain', { outcome: 'APPROVE' });
    world.clock.advanceSeconds(WORKFLOW_GRACE_SECONDS);
    world.mailer.failSendsTo(ADA.email);

    const report = await finalizeReviews(world.deps, ALL_THE_TIME);

    expect(report).toMatchObject({ done: 1, failed: 1 });
    expect(storedRequest(world, 'req-other-domain').stage).toBe('ACTIVATED');
    expect(storedRequest(world, first).stage).toBe('IN_REVIEW');
    const retry = await finalizeReviews(world.deps, ALL_THE_TIME);
    expect(retry).toMatchObject({ done: 1, failed: 0 });
    expect(storedRequest(world, first).stage).toBe('ACTIVATED');
  });
});

describe('expireReviews', () => {
  it('expires a review past its deadline that nobody decided', async () => {
    const requestId = await reviewed();
    world.clock.advanceSeconds(3 * 86_400 + WORKFLOW_GRACE_SECONDS);

    const report = await expireReviews(world.deps, ALL_THE_TIME);

    expect(report.done).toBe(1);
    expect(storedRequest(world, requestId).stage).toBe('EXPIRED');
    expect(world.accounts.storedAccount(ADA.userId)?.state).toBe('REGISTER_BUSINESS');
    expect(world.mailer.lastSentTo(ADA.email).subject).toBe('Your request for Acme Industries GmbH expired');
  });

  it('leaves the expiry to the workflow during its grace time', async () => {
    const requestId = await reviewed();
    world.clock.advanceSeconds(3 * 86_400 + 60);

    await expireReviews(world.deps, ALL_THE_TIME);

    expect(storedRequest(world, requestId).stage).toBe('IN_REVIEW');
  });

  it('never expires a decided request (the decision is applied instead)', async () => {
    const requestId = await reviewed();
    world.clock.advanceSeconds(3 * 86_400 - 60);
    await decide(world, requestId, { outcome: 'APPROVE' });
    world.clock.advanceSeconds(86_400);

    await expireReviews(world.deps, ALL_THE_TIME);

    expect(storedRequest(world, requestId).stage).toBe('IN_REVIEW');
  });
});
