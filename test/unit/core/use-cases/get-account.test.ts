import { beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../functions/core/ports';
import { getAccount } from '../../../../functions/core/use-cases/get-account';
import { fakeWorld, type FakeWorld } from '../../fakes';
import { anAccount, aRequestInReview, aWaitingRequester, OPERATOR } from '../../fixtures';

let world: FakeWorld;

beforeEach(() => {
  world = fakeWorld();
});

describe('getAccount', () => {
  it('shows the stored state and the step to resume at', async () => {
    const account = anAccount({ state: 'REGISTER_BUSINESS', accessType: 'CUSTOMER_EMPLOYEE' });
    world.accounts.seedAccount(account);

    const view = await getAccount(world.deps, { userId: account.userId, emailVerified: true });

    expect(view).toMatchObject({ state: 'REGISTER_BUSINESS', nextStep: { step: 'REGISTER_BUSINESS' } });
  });

  it('answers 404 when no account belongs to the sign-in', async () => {
    await expect(getAccount(world.deps, { userId: 'nobody', emailVerified: true })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('answers 403 account-suspended, saying why and what to do, while the sign-in is disabled', async () => {
    const account = anAccount({
      state: 'ACTIVE',
      suspension: { reason: 'IDENTITY_DISABLED', since: '2026-12-05T10:00:00.000Z' },
    });
    world.accounts.seedAccount(account);

    const refused = await getAccount(world.deps, { userId: account.userId, emailVerified: true }).catch(
      (error: unknown) => error,
    );

    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(refused).toMatchObject({
      status: 403,
      type: 'account-suspended',
      extensions: { reason: 'IDENTITY_DISABLED' },
      message: expect.stringContaining('enable your sign-in again'),
    });
  });

  it('catches an unverified account up when Cognito already verified the email (a verification whose last write failed)', async () => {
    const account = anAccount({ state: 'VERIFY_EMAIL' });
    world.accounts.seedAccount(account);

    const view = await getAccount(world.deps, { userId: account.userId, emailVerified: true });

    expect(view).toMatchObject({ state: 'CHOOSE_ACCESS_TYPE', emailVerified: true });
    expect(world.accounts.storedAccount(account.userId)).toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
      revision: account.revision + 1,
    });
  });

  it('leaves an unverified account alone while the token says the email is not verified', async () => {
    const account = anAccount({ state: 'VERIFY_EMAIL' });
    world.accounts.seedAccount(account);

    const view = await getAccount(world.deps, { userId: account.userId, emailVerified: false });

    expect(view.state).toBe('VERIFY_EMAIL');
    expect(world.accounts.storedAccount(account.userId)?.revision).toBe(account.revision);
  });

  it('shows the newer account when another request changed it while catching up', async () => {
    const account = anAccount({ state: 'VERIFY_EMAIL' });
    world.accounts.seedAccount(account);
    world.accounts.failNext('saveAccount', new ConcurrentUpdateError('changed'));

    const view = await getAccount(world.deps, { userId: account.userId, emailVerified: true });

    expect(view.state).toBe('VERIFY_EMAIL');
  });

  it('shows a person waiting for a review the stage of their request and when to expect a decision', async () => {
    const request = aRequestInReview();
    world.requests.seedRequest(request);
    const account = aWaitingRequester(request.requestId);
    world.accounts.seedAccount(account);

    const view = await getAccount(world.deps, { userId: account.userId, emailVerified: true });

    expect(view).toMatchObject({
      state: 'PENDING_ORGANIZATION',
      accessLevel: 'LIMITED',
      organizationRequest: {
        requestId: request.requestId,
        stage: 'IN_REVIEW',
        decisionExpectedBy: request.escalateAt,
        outcome: null,
      },
    });
  });

  it('shows a rejected requester the reason, but never who decided nor their notes', async () => {
    const request = aRequestInReview({
      stage: 'REJECTED',
      decision: {
        outcome: 'REJECTED',
        reason: 'We could not verify the company.',
        note: 'internal: looked shady',
        decidedBy: OPERATOR,
        decidedAt: '2025-03-04T10:00:00.000Z',
      },
    });
    world.requests.seedRequest(request);
    const account = aWaitingRequester(request.requestId, { state: 'REGISTER_BUSINESS' });
    world.accounts.seedAccount(account);

    const view = await getAccount(world.deps, { userId: account.userId, emailVerified: true });

    expect(view.organizationRequest).toMatchObject({
      stage: 'REJECTED',
      outcome: { decision: 'REJECTED', reason: 'We could not verify the company.' },
    });
    expect(JSON.stringify(view)).not.toContain(OPERATOR.email);
    expect(JSON.stringify(view)).not.toContain('internal: looked shady');
  });
});
