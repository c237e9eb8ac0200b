import { beforeEach, describe, expect, it } from 'vitest';
import { matchOrganizations } from '../../../../../functions/core/domain/organization';
import { organizationIdFor } from '../../../../../functions/core/domain/organization-request';
import { ConcurrentUpdateError } from '../../../../../functions/core/ports';
import {
  acknowledgeRequest,
  checkDecision,
  createPendingOrganization,
  escalateReview,
  expireRequest,
  parkForAttention,
  validateRequest,
} from '../../../../../functions/core/use-cases/review/review-tasks';
import { RequestNotFoundError } from '../../../../../functions/core/use-cases/review/request-updates';
import { fakeWorld, TEST_REVIEWER_EMAIL, type FakeWorld } from '../../../fakes';
import { anOrganization } from '../../../fixtures';
import { ADA, BOB, decide, storedRequest, submitAs, submitAsBobUnclaimed } from './scenario';

let world: FakeWorld;

beforeEach(() => {
  world = fakeWorld();
});

describe('validateRequest', () => {
  it('claims the domain and starts the review with its deadlines', async () => {
    const { requestId } = await submitAs(world);
    world.clock.advanceMinutes(1);

    const result = await validateRequest(world.deps, requestId);

    expect(result).toEqual({ outcome: 'REVIEW' });
    expect(world.requests.claimHolder('acme.example')).toBe(requestId);
    expect(storedRequest(world, requestId)).toMatchObject({
      stage: 'IN_REVIEW',
      escalateAt: '2025-03-05T09:01:00.000Z',
      expiresAt: '2025-03-06T09:01:00.000Z',
    });
    expect(storedRequest(world, requestId).history.map((event) => event.event)).toEqual([
      'SUBMITTED',
      'IN_REVIEW',
    ]);
  });

  it('answers REVIEW again without changing anything when run twice', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);
    const validated = storedRequest(world, requestId);
    world.clock.advanceMinutes(5);

    const result = await validateRequest(world.deps, requestId);

    expect(result).toEqual({ outcome: 'REVIEW' });
    expect(storedRequest(world, requestId)).toEqual(validated);
  });

  it('merges a second request for the same domain into the open one: both requesters wait for it', async () => {
    const first = await submitAs(world);
    await validateRequest(world.deps, first.requestId);
    const second = await submitAsBobUnclaimed(world);

    const result = await validateRequest(world.deps, second.requestId);

    expect(result).toEqual({ outcome: 'MERGED' });
    expect(storedRequest(world, first.requestId).requesters.map((r) => r.userId)).toEqual([
      ADA.userId,
      BOB.userId,
    ]);
    expect(storedRequest(world, second.requestId)).toMatchObject({
      stage: 'MERGED',
      mergedInto: first.requestId,
      acknowledged: [BOB.userId],
    });
    expect(world.accounts.storedAccount(BOB.userId)).toMatchObject({
      state: 'PENDING_ORGANIZATION',
      organizationRequestId: first.requestId,
    });
    expect(world.mailer.sentTo(BOB.email).map((m) => m.subject)).toEqual([
      'Your request joined the review of Acme Industries GmbH',
    ]);
    expect(world.requests.claimHolder('acme.example')).toBe(first.requestId);
  });

  it('tells a merged requester once, however often the validation runs again', async () => {
    const first = await submitAs(world);
    await validateRequest(world.deps, first.requestId);
    const second = await submitAsBobUnclaimed(world);
    await validateRequest(world.deps, second.requestId);

    const again = await validateRequest(world.deps, second.requestId);

    expect(again).toEqual({ outcome: 'MERGED' });
    expect(world.mailer.sentTo(BOB.email)).toHaveLength(1);
    expect(storedRequest(world, first.requestId).requesters).toHaveLength(2);
  });

  it('tells the merged requester on a retry when the first email failed after the merge', async () => {
    const first = await submitAs(world);
    await validateRequest(world.deps, first.requestId);
    const second = await submitAsBobUnclaimed(world);
    world.mailer.failSendsTo(BOB.email);

    await expect(validateRequest(world.deps, second.requestId)).rejects.toThrow();
    const retried = await validateRequest(world.deps, second.requestId);

    expect(retried).toEqual({ outcome: 'MERGED' });
    expect(world.mailer.sentTo(BOB.email)).toHaveLength(1);
    expect(storedRequest(world, first.requestId).requesters).toHaveLength(2);
  });

  it('closes the request when an organization owns the domain by now, sending its requester back', async () => {
    const { requestId } = await submitAs(world);
    world.organizations.add(anOrganization());

    const result = await validateRequest(world.deps, requestId);

    expect(result).toEqual({ outcome: 'CLOSED' });
    expect(storedRequest(world, requestId)).toMatchObject({
      stage: 'CLOSED',
      closedReason: 'An organization on Portico already uses acme.example, so no new one is needed.',
    });
    expect(world.accounts.storedAccount(ADA.userId)?.state).toBe('REGISTER_BUSINESS');
    expect(world.mailer.lastSentTo(ADA.email)).toMatchObject({
      subject: 'Your organization request is no longer needed',
      text: expect.stringContaining('already uses acme.example'),
    });
    expect(world.requests.claimHolder('acme.example')).toBeUndefined();
  });

  it('closes a request that never held the claim even while another open request holds it', async () => {
    // Another review holds acme.example (e.g. its approval is still being applied) when an owner appears.
    const holder = await submitAs(world);
    await validateRequest(world.deps, holder.requestId);
    const late = await submitAsBobUnclaimed(world);
    world.organizations.add(anOrganization());

    const result = await validateRequest(world.deps, late.requestId);

    expect(result).toEqual({ outcome: 'CLOSED' });
    expect(storedRequest(world, late.requestId).stage).toBe('CLOSED');
    expect(world.accounts.storedAccount(BOB.userId)?.state).toBe('REGISTER_BUSINESS');
    expect(world.requests.claimHolder('acme.example')).toBe(holder.requestId);
  });

  it('answers CLOSED for a request that is already closed, and REVIEW for one already in review', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);
    await decide(world, requestId, { outcome: 'APPROVE' });

    expect(await validateRequest(world.deps, requestId)).toEqual({ outcome: 'REVIEW' });
    world.requests.seedRequest({ ...storedRequest(world, requestId), stage: 'EXPIRED' });
    expect(await validateRequest(world.deps, requestId)).toEqual({ outcome: 'CLOSED' });
  });

  it('validates a request parked before its validation, clearing the attention', async () => {
    const { requestId } = await submitAs(world);
    await parkForAttention(world.deps, requestId, { Error: 'Lambda.TooManyRequestsException' });

    const result = await validateRequest(world.deps, requestId);

    expect(result).toEqual({ outcome: 'REVIEW' });
    expect(storedRequest(world, requestId)).toMatchObject({ stage: 'IN_REVIEW' });
    expect(storedRequest(world, requestId).attention).toBeUndefined();
  });

  it('fails for a request that does not exist', async () => {
    await expect(validateRequest(world.deps, 'req-missing')).rejects.toBeInstanceOf(RequestNotFoundError);
  });
});

describe('createPendingOrganization', () => {
  it('creates the organization pending, so nobody joins it by domain before the approval', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);

    await createPendingOrganization(world.deps, requestId);

    expect(world.organizations.stored(organizationIdFor(requestId))).toMatchObject({
      status: 'PENDING',
      kind: 'CUSTOMER',
      name: 'Acme Industries GmbH',
      domains: ['acme.example'],
    });
    expect(matchOrganizations(await world.organizations.findByEmailDomain('acme.example'))).toEqual({
      outcome: 'NONE',
    });
  });

  it('creates it once when run twice', async () => {
    const { requestId } = await submitAs(world);
    await createPendingOrganization(world.deps, requestId);

    await createPendingOrganization(world.deps, requestId);

    expect(await world.organizations.findByEmailDomain('acme.example')).toHaveLength(1);
  });

  it('creates nothing for a closed request', async () => {
    const { requestId } = await submitAs(world);
    world.requests.seedRequest({ ...storedRequest(world, requestId), stage: 'MERGED' });

    await createPendingOrganization(world.deps, requestId);

    expect(world.organizations.stored(organizationIdFor(requestId))).toBeUndefined();
  });
});

describe('acknowledgeRequest', () => {
  async function mergedReview() {
    const first = await submitAs(world);
    await validateRequest(world.deps, first.requestId);
    const second = await submitAsBobUnclaimed(world);
    await validateRequest(world.deps, second.requestId);
    world.mailer.sent.length = 0;
    return first.requestId;
  }

  it('tells each requester the request was received and when to expect a decision, and the reviewers once', async () => {
    const requestId = await mergedReview();

    await acknowledgeRequest(world.deps, requestId);

    expect(world.mailer.sentTo(ADA.email)).toEqual([
      expect.objectContaining({
        subject: 'We received your request for Acme Industries GmbH',
        text: expect.stringContaining('usually by March 5, 2025 at 9:00 AM UTC'),
      }),
    ]);
    expect(world.mailer.sentTo(BOB.email)).toHaveLength(1);
    expect(world.mailer.sentTo(TEST_REVIEWER_EMAIL)).toEqual([
      expect.objectContaining({
        subject: 'Organization request to review: Acme Industries GmbH (acme.example)',
        text: expect.stringContaining(`/v1/operator/organization-requests/${requestId}/decision`),
      }),
    ]);
    expect(storedRequest(world, requestId)).toMatchObject({
      acknowledged: [ADA.userId, BOB.userId],
      reviewersNotified: true,
    });
  });

  it('emails each requester once and the reviewers once when retried after a mail failure', async () => {
    const requestId = await mergedReview();
    world.mailer.failSendsTo(BOB.email);

    await expect(acknowledgeRequest(world.deps, requestId)).rejects.toThrow();
    world.mailer.failSendsTo(TEST_REVIEWER_EMAIL);
    await expect(acknowledgeRequest(world.deps, requestId)).rejects.toThrow();
    await acknowledgeRequest(world.deps, requestId);
    await acknowledgeRequest(world.deps, requestId);

    expect(world.mailer.sentTo(ADA.email)).toHaveLength(1);
    expect(world.mailer.sentTo(BOB.email)).toHaveLength(1);
    expect(world.mailer.sentTo(TEST_REVIEWER_EMAIL)).toHaveLength(1);
  });

  it('keeps a mark written meanwhile by another writer (no lost update)', async () => {
    const requestId = await mergedReview();
    world.requests.failNext('saveRequest', new ConcurrentUpdateError('written meanwhile'));

    await acknowledgeRequest(world.deps, requestId);

    expect(storedRequest(world, requestId)).toMatchObject({
      acknowledged: [ADA.userId, BOB.userId],
      reviewersNotified: true,
    });
  });

  it('tells nobody about a closed request', async () => {
    const requestId = await mergedReview();
    world.requests.seedRequest({ ...storedRequest(world, requestId), stage: 'REJECTED' });

    await acknowledgeRequest(world.deps, requestId);

    expect(world.mailer.sent).toEqual([]);
  });
});

describe('checkDecision', () => {
  it('answers what the domain rules say for the stored request at the current time', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);

    expect(await checkDecision(world.deps, requestId)).toEqual({ outcome: 'PENDING', waitSeconds: 900 });
    await decide(world, requestId, { outcome: 'REJECT', reason: 'unknown' });
    expect(await checkDecision(world.deps, requestId)).toEqual({ outcome: 'REJECTED', waitSeconds: 1 });
  });
});

describe('escalateReview', () => {
  it('tells the reviewers the review is overdue and marks it ESCALATED', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);

    await escalateReview(world.deps, requestId);

    expect(storedRequest(world, requestId).stage).toBe('ESCALATED');
    expect(world.mailer.sentTo(TEST_REVIEWER_EMAIL)).toEqual([
      expect.objectContaining({
        subject: 'Overdue organization request: Acme Industries GmbH (acme.example)',
        text: expect.stringContaining('before March 6, 2025 at 9:00 AM UTC'),
      }),
    ]);
  });

  it('escalates once when run twice', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);
    await escalateReview(world.deps, requestId);

    await escalateReview(world.deps, requestId);

    expect(world.mailer.sentTo(TEST_REVIEWER_EMAIL)).toHaveLength(1);
  });

  it('does not escalate a decided request', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);
    await decide(world, requestId, { outcome: 'APPROVE' });

    await escalateReview(world.deps, requestId);

    expect(storedRequest(world, requestId).stage).toBe('IN_REVIEW');
    expect(world.mailer.sentTo(TEST_REVIEWER_EMAIL)).toEqual([]);
  });
});

describe('expireRequest', () => {
  it('expires an undecided request, sending its requester back to registration', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);

    await expireRequest(world.deps, requestId);

    expect(storedRequest(world, requestId).stage).toBe('EXPIRED');
    expect(world.accounts.storedAccount(ADA.userId)?.state).toBe('REGISTER_BUSINESS');
  });

  it('leaves a decided request for the decision to be applied', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);
    await decide(world, requestId, { outcome: 'APPROVE' });

    await expireRequest(world.deps, requestId);

    expect(storedRequest(world, requestId).stage).toBe('IN_REVIEW');
  });
});

describe('parkForAttention', () => {
  it('parks the request in NEEDS_ATTENTION with the stage that failed and the error, and tells the reviewers', async () => {
    const { requestId } = await submitAs(world);
    await validateRequest(world.deps, requestId);

    await parkForAttention(world.deps, requestId, {
      Error: 'MailUnavailableError',
      Cause: 'SES refused or failed',
    });

    expect(storedRequest(world, requestId)).toMatchObject({
      stage: 'NEEDS_ATTENTION',
      attention: {
        failedIn: 'IN_REVIEW',
        error: 'MailUnavailableError: SES refused or failed',
        at: world.clock.now().toISOString(),
      },
    });
    expect(world.mailer.lastSentTo(TEST_REVIEWER_EMAIL)).toMatchObject({
      subject: `Organization request ${requestId} needs attention`,
      text: expect.stringContaining('MailUnavailableError: SES refused or failed'),
    });
  });

  it('parks even when the reviewers cannot be told', async () => {
    const { requestId } = await submitAs(world);
    world.mailer.failNextSends(1);

    await parkForAttention(world.deps, requestId, undefined);

    expect(storedRequest(world, requestId)).toMatchObject({
      stage: 'NEEDS_ATTENTION',
      attention: { failedIn: 'SUBMITTED', error: 'unknown error' },
    });
  });

  it('bounds a long error to 1000 characters', async () => {
    const { requestId } = await submitAs(world);

    await parkForAttention(world.deps, requestId, { Error: 'Boom', Cause: 'x'.repeat(5000) });

    expect(storedRequest(world, requestId).attention?.error).toHaveLength(1000);
  });

  it('leaves a closed request closed', async () => {
    const { requestId } = await submitAs(world);
    world.requests.seedRequest({ ...storedRequest(world, requestId), stage: 'ACTIVATED' });

    await parkForAttention(world.deps, requestId, { Error: 'Boom' });

    expect(storedRequest(world, requestId).stage).toBe('ACTIVATED');
  });
});
