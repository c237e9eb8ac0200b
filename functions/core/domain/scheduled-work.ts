import type { ReviewRules } from '../config';
import type { Account, OnboardingState } from './account';
import { isOpen, type OrganizationRequest } from './organization-request';

/**
 * What the scheduled jobs must do about an item, and from when. The store writes this next to the item (the
 * byDue index), so a job finds exactly the items due by now with a query, and an item leaves the index as
 * soon as nothing is due for it.
 */
export const DUE_KINDS = [
  /** A submitted request whose workflow has not validated it yet (restarted if it never started). */
  'REVIEW_START',
  /** An open review: expires at the deadline unless decided. */
  'REVIEW_DEADLINE',
  /** An operator's decision the workflow has not applied yet. */
  'REVIEW_DECISION',
  /** Someone who stopped half way through onboarding, to be reminded once. */
  'ONBOARDING_REMINDER',
  /** A product whose support status changes (to EXPIRING, or to EXPIRED) on this day. */
  'SUPPORT_STATUS',
  /** An erased account whose Cognito user or code item may still exist (the erasure stopped half way). */
  'ERASURE',
  /** An organization whose weekly support-expiry digest is due (domain/support-digest.ts). */
  'SUPPORT_DIGEST',
] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export interface DueWork {
  readonly kind: DueKind;
  readonly at: Date;
}

/** A workflow that has not validated a submitted request after this long is started again. */
export const REVIEW_START_GRACE_SECONDS = 10 * 60;

/**
 * The review workflow applies decisions and expiries itself within one check interval; the jobs step in only
 * after two intervals, so they catch what the workflow lost without racing it.
 */
function workflowGraceMs(rules: ReviewRules): number {
  return 2 * rules.checkIntervalSeconds * 1000;
}

export function dueWorkOfRequest(request: OrganizationRequest, rules: ReviewRules): DueWork | undefined {
  if (!isOpen(request.stage)) return undefined;
  if (request.decision) {
    return {
      kind: 'REVIEW_DECISION',
      at: new Date(Date.parse(request.decision.decidedAt) + workflowGraceMs(rules)),
    };
  }
  if (request.stage === 'SUBMITTED' || !request.expiresAt) {
    return {
      kind: 'REVIEW_START',
      at: new Date(Date.parse(request.updatedAt) + REVIEW_START_GRACE_SECONDS * 1000),
    };
  }
  return { kind: 'REVIEW_DEADLINE', at: new Date(Date.parse(request.expiresAt) + workflowGraceMs(rules)) };
}

/** States a person can leave on their own, and so may be reminded of. */
const RESUMABLE: ReadonlySet<OnboardingState> = new Set([
  'VERIFY_EMAIL',
  'CHOOSE_ACCESS_TYPE',
  'REGISTER_BUSINESS',
  'CHOOSE_ORGANIZATION',
  'ORGANIZATION_REQUIRED',
]);

/**
 * Someone who stopped half way is reminded once per step, `reminderAfterSeconds` after their last change.
 * Personal or disposable addresses past the access-type step are not: they cannot go further with them.
 * This is when the reminder is really due; the index entry may be earlier (reminderScheduleOf).
 */
export function dueWorkOfAccount(account: Account, reminderAfterSeconds: number): DueWork | undefined {
  if (!RESUMABLE.has(account.state) || account.remindedIn === account.state) return undefined;
  const businessStep = account.state !== 'VERIFY_EMAIL' && account.state !== 'CHOOSE_ACCESS_TYPE';
  if (businessStep && account.emailDomainKind !== 'WORK') return undefined;
  return {
    kind: 'ONBOARDING_REMINDER',
    at: new Date(Date.parse(account.updatedAt) + reminderAfterSeconds * 1000),
  };
}

/**
 * Where the account's reminder stands in the byDue index. The entry is set once, when a reminder first comes
 * due (at sign-up), and then left where it is while the account moves on, so the writes of onboarding move no
 * index entry. It is never later than the real due time (the last change only moves forward), so the job finds
 * every reminder in time; it then reads the account again and sends, moves the entry to the real due time, or
 * drops it (an account that finished, or was reminded). `reminderDueAt` undefined: scheduled afresh.
 */
export function reminderScheduleOf(account: Account, reminderAfterSeconds: number): DueWork | undefined {
  if (account.reminderDueAt !== undefined) {
    return { kind: 'ONBOARDING_REMINDER', at: new Date(account.reminderDueAt) };
  }
  return dueWorkOfAccount(account, reminderAfterSeconds);
}

/** The account as stored: with `reminderDueAt` set to its reminder entry's time, or without one. */
export function withReminderSchedule(account: Account, reminderAfterSeconds: number): Account {
  const schedule = reminderScheduleOf(account, reminderAfterSeconds);
  const { reminderDueAt: _previous, ...rest } = account;
  return schedule ? { ...rest, reminderDueAt: schedule.at.toISOString() } : rest;
}

/** An erasure not finished this long after it started is finished by the `finish-erasures` job. */
export const ERASURE_GRACE_SECONDS = 10 * 60;
