import { beforeEach, describe, expect, it } from 'vitest';
import { organizationIdFor } from '../../../../../functions/core/domain/organization-request';
import { runReviewTask } from '../../../../../functions/core/use-cases/review/run-review-task';
import { fakeWorld, TEST_REVIEWER_EMAIL, type FakeWorld } from '../../../fakes';
import { ADA, decide, storedRequest, submitAs } from './scenario';

let world: FakeWorld;

beforeEach(() => {
  world = fakeWorld();
});

/** A review the way the state machine runs it: validate, create, acknowledge, then check and act. */
describe('runReviewTask', () => {
  it('runs a review from validation to approval, answering what the state machine stores', async () => {
    const { requestId } = await submitAs(world);

    expect(await runReviewTask(world.deps, { task: 'validate', requestId })).toEqual({ outcome: 'REVIEW' });
    expect(await runReviewTask(world.deps, { task: 'create-pending-organization', requestId })).toEqual({
      done: true,
    });
    expect(await runReviewTask(world.deps, { task: 'acknowledge', requestId })).toEqual({ done: true });
    expect(await runReviewTask(world.deps, { task: 'check-decision', requestId })).toEqual({
      outcome: 'PENDING',
      waitSeconds: 900,
    });
    await decide(world, requestId, { outcome: 'APPROVE' });
    expect(await runReviewTask(world.deps, { task: 'check-decision', requestId })).toEqual({
      outcome: 'APPROVED',
      waitSeconds: 1,
    });
    expect(await runReviewTask(world.deps, { task: 'apply-approval', requestId })).toEqual({ done: true });

    expect(storedRequest(world, requestId).stage).toBe('ACTIVATED');
    expect(world.organizations.stored(organizationIdFor(requestId))?.status).toBe('ACTIVE');
    expect(world.accounts.storedAccount(ADA.userId)?.state).toBe('ACTIVE');
  });

  it('escalates and then expires a review nobody decided', async () => {
    const { requestId } = await submitAs(world);
    await runReviewTask(world.deps, { task: 'validate', requestId });
    world.clock.advanceSeconds(2 * 86_400);

    expect(await runReviewTask(world.deps, { task: 'check-decision', requestId })).toMatchObject({
      outcome: 'ESCALATE',
    });
    await runReviewTask(world.deps, { task: 'escalate', requestId });
    world.clock.advanceSeconds(86_400);
    expect(await runReviewTask(world.deps, { task: 'check-decision', requestId })).toMatchObject({
      outcome: 'EXPIRED',
    });
    await runReviewTask(world.deps, { task: 'expire', requestId });

    expect(storedRequest(world, requestId).stage).toBe('EXPIRED');
    expect(world.mailer.sentTo(TEST_REVIEWER_EMAIL).map((m) => m.subject)).toContain(
      'Overdue organization request: Acme Industries GmbH (acme.example)',
    );
  });

  it('applies a rejection', async () => {
    const { requestId } = await submitAs(world);
    await runReviewTask(world.deps, { task: 'validate', requestId });
    await decide(world, requestId, { outcome: 'REJECT', reason: 'Not a company.' });

    await runReviewTask(world.deps, { task: 'apply-rejection', requestId });

    expect(storedRequest(world, requestId).stage).toBe('REJECTED');
    expect(world.mailer.lastSentTo(ADA.email).text).toContain('Not a company.');
  });

  it('parks the request with the failure the Catch passed', async () => {
    const { requestId } = await submitAs(world);

    await runReviewTask(world.deps, {
      task: 'park',
      requestId,
      failure: { Error: 'States.TaskFailed', Cause: 'boom' },
    });

    expect(storedRequest(world, requestId).attention?.error).toBe('States.TaskFailed: boom');
  });
});
