import { describe, expect, it } from 'vitest';
import type { OnboardingState } from '../../../../functions/core/domain/account';
import {
  dueWorkOfAccount,
  dueWorkOfRequest,
  reminderScheduleOf,
  REVIEW_START_GRACE_SECONDS,
  withReminderSchedule,
} from '../../../../functions/core/domain/scheduled-work';
import { TEST_REVIEW_RULES } from '../../fakes';
import { anAccount, anOrganizationRequest, aRequestInReview, OPERATOR } from '../../fixtures';

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

describe('reminderScheduleOf and withReminderSchedule', () => {
  const signedUpAt = '2025-03-03T09:00:00.000Z';
  const firstDue = new Date(Date.parse(signedUpAt) + REMINDER_AFTER * 1000).toISOString();

  it('schedules an account without a schedule at its reminder due time', () => {
    const account = anAccount({ state: 'VERIFY_EMAIL', updatedAt: signedUpAt });

    expect(withReminderSchedule(account, REMINDER_AFTER)).toEqual({ ...account, reminderDueAt: firstDue });
  });

  it('keeps a schedule as the account moves on, earlier than the real due time', () => {
    const movedOn = anAccount({
      state: 'REGISTER_BUSINESS',
      updatedAt: '2025-03-03T10:30:00.000Z',
      reminderDueAt: firstDue,
    });

    expect(reminderScheduleOf(movedOn, REMINDER_AFTER)).toEqual({
      kind: 'ONBOARDING_REMINDER',
      at: new Date(firstDue),
    });
    expect(withReminderSchedule(movedOn, REMINDER_AFTER).reminderDueAt).toBe(firstDue);
    expect(dueWorkOfAccount(movedOn, REMINDER_AFTER)?.at.getTime()).toBeGreaterThan(Date.parse(firstDue));
  });

  it('keeps the schedule of an account that finished, for the job to drop', () => {
    const active = anAccount({ state: 'ACTIVE', reminderDueAt: firstDue });

    expect(withReminderSchedule(active, REMINDER_AFTER).reminderDueAt).toBe(firstDue);
  });

  it('stores no schedule when none is set and no reminder is due', () => {
    const reminded = anAccount({
      state: 'CHOOSE_ACCESS_TYPE',
      remindedIn: 'CHOOSE_ACCESS_TYPE',
      reminderDueAt: undefined,
    });

    expect(reminderScheduleOf(reminded, REMINDER_AFTER)).toBeUndefined();
    expect(withReminderSchedule(reminded, REMINDER_AFTER)).not.toHaveProperty('reminderDueAt');
  });
});
