import { describe, expect, it } from 'vitest';
import type { ReviewRules } from '../../../../functions/core/config';
import {
  addBusinessDays,
  checkDecision,
  isOpen,
  newOrganizationRequest,
  organizationIdFor,
  pendingOrganizationOf,
  recordDecision,
  REVIEW_STAGES,
  reviewDeadlines,
  type OrganizationRequest,
} from '../../../../functions/core/domain/organization-request';
import { ConflictError } from '../../../../functions/core/errors';
import { TEST_REVIEW_RULES } from '../../fakes';
import {
  anOrganizationRequest,
  anOrganizationSeeker,
  aRequestInReview,
  OPERATOR,
  organizationDetails,
} from '../../fixtures';

const DAY = 86_400;
/** 2025-03-03 is a Monday. */
const MONDAY = new Date('2025-03-03T09:00:00.000Z');
const THURSDAY = new Date('2025-03-06T09:00:00.000Z');
const FRIDAY = new Date('2025-03-07T09:00:00.000Z');
const SATURDAY = new Date('2025-03-08T09:00:00.000Z');

function at(iso: string): Date {
  return new Date(iso);
}

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}

describe('addBusinessDays', () => {
  it('adds whole days within a week', () => {
    expect(addBusinessDays(MONDAY, 2, DAY)).toEqual(at('2025-03-05T09:00:00.000Z'));
  });

  it('skips the weekend: Friday plus one business day is Monday', () => {
    expect(addBusinessDays(FRIDAY, 1, DAY)).toEqual(at('2025-03-10T09:00:00.000Z'));
  });

  it('skips the weekend in the middle of the span: Thursday plus two is Monday', () => {
    expect(addBusinessDays(THURSDAY, 2, DAY)).toEqual(at('2025-03-10T09:00:00.000Z'));
  });

  it('counts from a Saturday to the Monday after for one business day', () => {
    expect(addBusinessDays(SATURDAY, 1, DAY)).toEqual(at('2025-03-10T09:00:00.000Z'));
  });

  it('spans a full week for five business days', () => {
    expect(addBusinessDays(MONDAY, 5, DAY)).toEqual(at('2025-03-10T09:00:00.000Z'));
  });

  it('answers the start itself for zero days', () => {
    expect(addBusinessDays(FRIDAY, 0, DAY)).toEqual(FRIDAY);
  });

  it('counts every day, weekends included, when days are shortened', () => {
    expect(addBusinessDays(FRIDAY, 3, 60)).toEqual(new Date(FRIDAY.getTime() + 3 * 60_000));
    expect(addBusinessDays(SATURDAY, 2, 3600)).toEqual(new Date(SATURDAY.getTime() + 2 * 3_600_000));
  });
});

describe('reviewDeadlines', () => {
  it('escalates after the review days and expires after the escalation days, in business days', () => {
    expect(reviewDeadlines(MONDAY, TEST_REVIEW_RULES)).toEqual({
      escalateAt: '2025-03-05T09:00:00.000Z',
      expiresAt: '2025-03-06T09:00:00.000Z',
    });
  });

  it('carries both deadlines over the weekend', () => {
    expect(reviewDeadlines(THURSDAY, TEST_REVIEW_RULES)).toEqual({
      escalateAt: '2025-03-10T09:00:00.000Z',
      expiresAt: '2025-03-11T09:00:00.000Z',
    });
  });

  it('uses the shortened days of the local stack as they are', () => {
    const rules: ReviewRules = { ...TEST_REVIEW_RULES, daySeconds: 60 };

    expect(reviewDeadlines(SATURDAY, rules)).toEqual({
      escalateAt: '2025-03-08T09:02:00.000Z',
      expiresAt: '2025-03-08T09:03:00.000Z',
    });
  });
});

describe('checkDecision', () => {
  const rules = TEST_REVIEW_RULES;
  const beforeEscalation = at('2025-03-04T09:00:00.000Z');

  it('answers a recorded approval, to be applied at once', () => {
    const request = aRequestInReview({
      decision: { outcome: 'APPROVED', decidedBy: OPERATOR, decidedAt: '2025-03-04T08:00:00.000Z' },
    });

    expect(checkDecision(request, beforeEscalation, rules)).toEqual({ outcome: 'APPROVED', waitSeconds: 1 });
  });

  it('lets a recorded decision win over an expiry that has passed meanwhile', () => {
    const request = aRequestInReview({
      decision: {
        outcome: 'REJECTED',
        reason: 'unknown company',
        decidedBy: OPERATOR,
        decidedAt: '2025-03-06T08:59:00.000Z',
      },
    });

    expect(checkDecision(request, at('2025-03-07T00:00:00.000Z'), rules)).toEqual({
      outcome: 'REJECTED',
      waitSeconds: 1,
    });
  });

  it('expires an undecided request at its deadline', () => {
    const request = aRequestInReview({ stage: 'ESCALATED' });

    expect(checkDecision(request, at('2025-03-06T09:00:00.000Z'), rules)).toEqual({
      outcome: 'EXPIRED',
      waitSeconds: 1,
    });
  });

  it('escalates once the escalation deadline passed, waiting at most the check interval', () => {
    const request = aRequestInReview();

    expect(checkDecision(request, at('2025-03-05T09:00:00.000Z'), rules)).toEqual({
      outcome: 'ESCALATE',
      waitSeconds: 900,
    });
  });

  it('escalates only once: an escalated request waits for its expiry', () => {
    const request = aRequestInReview({ stage: 'ESCALATED' });

    const check = checkDecision(request, at('2025-03-05T10:00:00.000Z'), rules);

    expect(check.outcome).toBe('PENDING');
  });

  it('does not escalate again a request parked after its escalation (the history says it was)', () => {
    const request = aRequestInReview({
      stage: 'NEEDS_ATTENTION',
      history: [
        { at: '2025-03-03T09:00:00.000Z', event: 'SUBMITTED' },
        { at: '2025-03-05T09:00:00.000Z', event: 'ESCALATED' },
      ],
    });

    expect(checkDecision(request, at('2025-03-05T12:00:00.000Z'), rules).outcome).toBe('PENDING');
  });

  it('waits until the escalation deadline when it comes before the next interval', () => {
    const request = aRequestInReview();

    const check = checkDecision(request, at('2025-03-05T08:58:20.000Z'), rules);

    expect(check).toEqual({ outcome: 'PENDING', waitSeconds: 100 });
  });

  it('waits until the expiry, not the passed escalation, once escalated', () => {
    const request = aRequestInReview({ stage: 'ESCALATED' });

    const check = checkDecision(request, at('2025-03-06T08:59:30.000Z'), rules);

    expect(check).toEqual({ outcome: 'PENDING', waitSeconds: 30 });
  });

  it('never waits longer than the check interval', () => {
    const check = checkDecision(aRequestInReview(), MONDAY, rules);

    expect(check).toEqual({ outcome: 'PENDING', waitSeconds: rules.checkIntervalSeconds });
  });

  it('waits the check interval for a request without deadlines yet', () => {
    const check = checkDecision(anOrganizationRequest(), MONDAY, rules);

    expect(check).toEqual({ outcome: 'PENDING', waitSeconds: rules.checkIntervalSeconds });
  });

  it('never waits less than a second, even a few milliseconds before a deadline', () => {
    const request = aRequestInReview();

    const check = checkDecision(request, at('2025-03-05T08:59:59.900Z'), rules);

    expect(check).toEqual({ outcome: 'PENDING', waitSeconds: 1 });
  });

  it('bounds the wait by a short check interval too', () => {
    const check = checkDecision(aRequestInReview(), MONDAY, { ...rules, checkIntervalSeconds: 5 });

    expect(check.waitSeconds).toBe(5);
  });
});

describe('recordDecision', () => {
  const now = at('2025-03-04T10:00:00.000Z');

  it('records an approval with its note, who decided and when, and adds it to the history', () => {
    const request = aRequestInReview();

    const { request: decided, changed } = recordDecision(
      request,
      { outcome: 'APPROVE', note: 'checked the register' },
      OPERATOR,
      now,
    );

    expect(changed).toBe(true);
    expect(decided.decision).toEqual({
      outcome: 'APPROVED',
      note: 'checked the register',
      decidedBy: OPERATOR,
      decidedAt: now.toISOString(),
    });
    expect(decided.revision).toBe(request.revision + 1);
    expect(decided.history.at(-1)).toEqual({ at: now.toISOString(), event: 'APPROVED', by: OPERATOR.email });
    expect(decided.stage).toBe('IN_REVIEW');
  });

  it('records a rejection with its reason, also in the history', () => {
    const { request: decided } = recordDecision(
      aRequestInReview(),
      { outcome: 'REJECT', reason: 'not a registered company' },
      OPERATOR,
      now,
    );

    expect(decided.decision).toMatchObject({ outcome: 'REJECTED', reason: 'not a registered company' });
    expect(decided.history.at(-1)).toMatchObject({ event: 'REJECTED', detail: 'not a registered company' });
  });

  it('changes nothing when the same outcome is decided again', () => {
    const { request: decided } = recordDecision(aRequestInReview(), { outcome: 'APPROVE' }, OPERATOR, now);

    const again = recordDecision(
      decided,
      { outcome: 'APPROVE', note: 'second click' },
      { userId: 'user-other', email: 'other@portico.example' },
      at('2025-03-04T11:00:00.000Z'),
    );

    expect(again).toEqual({ request: decided, changed: false });
  });

  it('refuses a different outcome once one is recorded with 409, naming who decided', () => {
    const { request: approved } = recordDecision(aRequestInReview(), { outcome: 'APPROVE' }, OPERATOR, now);

    const error = thrownBy(() =>
      recordDecision(approved, { outcome: 'REJECT', reason: 'changed my mind' }, OPERATOR, now),
    );

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, type: 'decision-already-recorded' });
    expect((error as Error).message).toContain(OPERATOR.email);
  });

  it.each(['EXPIRED', 'MERGED', 'CLOSED'] as const)(
    'refuses a decision on a %s request with 409 request-closed',
    (stage) => {
      const error = thrownBy(() =>
        recordDecision(aRequestInReview({ stage }), { outcome: 'APPROVE' }, OPERATOR, now),
      );

      expect(error).toMatchObject({ status: 409, type: 'request-closed', extensions: { stage } });
    },
  );

  it('accepts a decision on a request parked in NEEDS_ATTENTION', () => {
    const { changed } = recordDecision(
      aRequestInReview({ stage: 'NEEDS_ATTENTION' }),
      { outcome: 'APPROVE' },
      OPERATOR,
      now,
    );

    expect(changed).toBe(true);
  });
});

describe('organization requests', () => {
  it('are open while submitted, in review, escalated or parked, and closed otherwise', () => {
    const open = REVIEW_STAGES.filter(isOpen);

    expect(open).toEqual(['SUBMITTED', 'IN_REVIEW', 'ESCALATED', 'NEEDS_ATTENTION']);
  });

  it('start SUBMITTED at revision 0, for the domain of the submitter, who is the first requester', () => {
    const account = anOrganizationSeeker();

    const request: OrganizationRequest = newOrganizationRequest(
      'req-1',
      account,
      organizationDetails(),
      MONDAY,
    );

    expect(request).toMatchObject({
      requestId: 'req-1',
      domain: 'acme.example',
      organizationId: organizationIdFor('req-1'),
      stage: 'SUBMITTED',
      revision: 0,
      requesters: [{ userId: account.userId, email: account.email, requestedAt: MONDAY.toISOString() }],
      acknowledged: [],
      notified: [],
      reviewersNotified: false,
    });
  });

  it('create a pending customer organization owning the requested domain', () => {
    const request = anOrganizationRequest();

    expect(pendingOrganizationOf(request)).toEqual({
      organizationId: request.organizationId,
      name: 'Acme Industries GmbH',
      kind: 'CUSTOMER',
      status: 'PENDING',
      city: 'Berlin',
      country: 'DE',
      domains: ['acme.example'],
    });
  });
});
