import { describe, expect, it } from 'vitest';
import type { OnboardingState } from '../../../../functions/core/domain/account';
import type { CodeState } from '../../../../functions/core/domain/one-time-code';
import {
  dueWorkOfAccount,
  dueWorkOfCode,
  dueWorkOfRequest,
  REVIEW_START_GRACE_SECONDS,
} from '../../../../functions/core/domain/scheduled-work';
import { TEST_REVIEW_RULES } from '../../fakes';
import { anAccount, anOrganizationRequest, aRequestInReview, OPERATOR } from '../../fixtures';

const HOUR_MS = 3_600_000;
const REMINDER_AFTER = 7200;
/** The jobs leave the workflow two check intervals before they step in. */
const WORKFLOW_GRACE_MS = 2 * TEST_REVIEW_RULES.checkIntervalSeconds * 1000;

describe('dueWorkOfRequest', () => {
  it('asks for a restart of a submitted request the workflow has not validated within the grace time', () => {
    const request = anOrganizationRequest({ updatedAt: '2025-03-03T09:00:00.000Z' });

    expect(dueWorkOfRequest(request, TEST_REVIEW_RULES)).toEqual({
      kind: 'REVIEW_START',
      at: new Date(Date.parse('2025-03-03T09:00:00.000Z') + REVIEW_START_GRACE_SECONDS * 1000),
    });
  });

  it('asks for a restart of a request parked before validation (no deadlines yet)', () => {
    const request = anOrganizationRequest({
      stage: 'NEEDS_ATTENTION',
      attention: { failedIn: 'SUBMITTED', error: 'boom', at: '2025-03-03T09:05:00.000Z' },
    });

    expect(dueWorkOfRequest(request, TEST_REVIEW_RULES)?.kind).toBe('REVIEW_START');
  });

  it.each(['IN_REVIEW', 'ESCALATED', 'NEEDS_ATTENTION'] as const)(
    'expires a %s request after its deadline and the workflow grace',
    (stage) => {
      const request = aRequestInReview({ stage });

      expect(dueWorkOfRequest(request, TEST_REVIEW_RULES)).toEqual({
        kind: 'REVIEW_DEADLINE',
        at: new Date(Date.parse('2025-03-06T09:00:00.000Z') + WORKFLOW_GRACE_MS),
      });
    },
  );

  it('applies a recorded decision the workflow did not apply within the grace, whatever the deadlines', () => {
    const request = aRequestInReview({
      decision: { outcome: 'APPROVED', decidedBy: OPERATOR, decidedAt: '2025-03-04T10:00:00.000Z' },
    });

    expect(dueWorkOfRequest(request, TEST_REVIEW_RULES)).toEqual({
      kind: 'REVIEW_DECISION',
      at: new Date(Date.parse('2025-03-04T10:00:00.000Z') + WORKFLOW_GRACE_MS),
    });
  });

  it.each(['ACTIVATED', 'REJECTED', 'EXPIRED', 'MERGED', 'CLOSED'] as const)(
    'has nothing due for a %s request',
    (stage) => {
      const request = aRequestInReview({
        stage,
        decision: { outcome: 'APPROVED', decidedBy: OPERATOR, decidedAt: '2025-03-04T10:00:00.000Z' },
      });

      expect(dueWorkOfRequest(request, TEST_REVIEW_RULES)).toBeUndefined();
    },
  );
});

describe('dueWorkOfAccount', () => {
  const updatedAt = '2025-03-03T09:00:00.000Z';

  it.each([
    'VERIFY_EMAIL',
    'CHOOSE_ACCESS_TYPE',
    'REGISTER_BUSINESS',
    'CHOOSE_ORGANIZATION',
    'ORGANIZATION_REQUIRED',
  ] as const)('reminds a person who stopped at %s, the reminder delay after their last change', (state) => {
    expect(dueWorkOfAccount(anAccount({ state, updatedAt }), REMINDER_AFTER)).toEqual({
      kind: 'ONBOARDING_REMINDER',
      at: new Date(Date.parse(updatedAt) + REMINDER_AFTER * 1000),
    });
  });

  it.each(['ACTIVE', 'PENDING_ORGANIZATION', 'PARTNER_REFERRED'] as const)(
    'never reminds someone at %s (nothing they can do themselves)',
    (state) => {
      expect(dueWorkOfAccount(anAccount({ state }), REMINDER_AFTER)).toBeUndefined();
    },
  );

  it('reminds once per state: not again in the state it was reminded in', () => {
    const account = anAccount({ state: 'REGISTER_BUSINESS', remindedIn: 'REGISTER_BUSINESS' });

    expect(dueWorkOfAccount(account, REMINDER_AFTER)).toBeUndefined();
  });

  it('reminds again once the person moved on to another resumable state', () => {
    const account = anAccount({ state: 'ORGANIZATION_REQUIRED', remindedIn: 'REGISTER_BUSINESS' });

    expect(dueWorkOfAccount(account, REMINDER_AFTER)?.kind).toBe('ONBOARDING_REMINDER');
  });

  it.each([
    ['PERSONAL', 'VERIFY_EMAIL', true],
    ['PERSONAL', 'CHOOSE_ACCESS_TYPE', true],
    ['PERSONAL', 'REGISTER_BUSINESS', false],
    ['DISPOSABLE', 'CHOOSE_ORGANIZATION', false],
    ['DISPOSABLE', 'ORGANIZATION_REQUIRED', false],
  ] as const)(
    'for a %s address at %s: reminded = %s (nothing past the access type can be done with it)',
    (emailDomainKind, state: OnboardingState, reminded) => {
      const account = anAccount({ emailDomain: 'gmail.com', emailDomainKind, state });

      expect(dueWorkOfAccount(account, REMINDER_AFTER) !== undefined).toBe(reminded);
    },
  );
});

describe('dueWorkOfCode', () => {
  const base: CodeState = { email: 'ada@acme.example', attempts: 0, sentAt: [], version: 1 };

  it('purges a code once its last send no longer throttles (an hour after it)', () => {
    const sentAt = Date.parse('2025-03-03T09:00:00.000Z');
    const state: CodeState = { ...base, sentAt: [sentAt], expiresAt: sentAt + 600_000, codeHash: 'ab' };

    expect(dueWorkOfCode(state)).toEqual({ kind: 'CODE_PURGE', at: new Date(sentAt + HOUR_MS) });
  });

  it('keeps a code that is still valid after the throttle window until it expires', () => {
    const sentAt = Date.parse('2025-03-03T09:00:00.000Z');
    const state: CodeState = { ...base, sentAt: [sentAt], expiresAt: sentAt + 2 * HOUR_MS, codeHash: 'ab' };

    expect(dueWorkOfCode(state).at).toEqual(new Date(sentAt + 2 * HOUR_MS));
  });

  it('counts from the latest send', () => {
    const first = Date.parse('2025-03-03T09:00:00.000Z');
    const last = first + 120_000;
    const state: CodeState = { ...base, sentAt: [first, last] };

    expect(dueWorkOfCode(state).at).toEqual(new Date(last + HOUR_MS));
  });
});
