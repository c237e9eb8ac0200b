import type { ReviewRules } from '../config';
import { ConflictError } from '../errors';
import type { Account, PostalAddress } from './account';
import type { Locale } from '../i18n/locale';
import type { Organization } from './organization';
import * as problemDetails from '../i18n/details/compiled/index';

/**
 * A request to create an organization nobody owns the email domain of yet, and the rules of its review.
 *
 *   SUBMITTED → IN_REVIEW → (ESCALATED) → ACTIVATED | REJECTED | EXPIRED
 *             ↘ MERGED (another open request already covers the domain: its requesters joined that one)
 *             ↘ CLOSED (an organization owns the domain by the time the review starts)
 * Any open stage → NEEDS_ATTENTION when a workflow task keeps failing; operators still decide, and the
 * scheduled jobs still finalize or expire it.
 */

export const REVIEW_STAGES = [
  'SUBMITTED',
  'IN_REVIEW',
  'ESCALATED',
  'NEEDS_ATTENTION',
  'ACTIVATED',
  'REJECTED',
  'EXPIRED',
  'MERGED',
  'CLOSED',
] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

const OPEN_STAGES: ReadonlySet<ReviewStage> = new Set([
  'SUBMITTED',
  'IN_REVIEW',
  'ESCALATED',
  'NEEDS_ATTENTION',
]);

export function isOpen(stage: ReviewStage): boolean {
  return OPEN_STAGES.has(stage);
}

export interface OrganizationDetails {
  readonly legalName: string;
  readonly address: PostalAddress;
  readonly country: string;
  readonly website: string;
  readonly phone: string;
  readonly taxId?: string | undefined;
  readonly dunsNumber?: string | undefined;
}

/** Someone waiting for the organization; the first one becomes its administrator. */
export interface Requester {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** The language of the emails to this requester (their account's when they asked). */
  readonly locale?: Locale | undefined;
  readonly requestedAt: string;
}

export interface Operator {
  readonly userId: string;
  readonly email: string;
}

export interface ReviewDecision {
  readonly outcome: 'APPROVED' | 'REJECTED';
  /** Why it was rejected; shown to the requesters. */
  readonly reason?: string | undefined;
  /** An approver's internal note. */
  readonly note?: string | undefined;
  readonly decidedBy: Operator;
  readonly decidedAt: string;
}

/** One line of a request's history: what happened, when, and who did it when it was a person. */
export interface ReviewEvent {
  readonly at: string;
  readonly event: string;
  readonly detail?: string | undefined;
  readonly by?: string | undefined;
}

export interface OrganizationRequest {
  readonly requestId: string;
  /** The email domain the organization will own. */
  readonly domain: string;
  readonly organization: OrganizationDetails;
  /** The organization created for this request (pending until approved). */
  readonly organizationId: string;
  readonly requesters: readonly Requester[];
  readonly stage: ReviewStage;
  readonly submittedAt: string;
  readonly updatedAt: string;
  /** When operators are reminded that the review is overdue. */
  readonly escalateAt?: string | undefined;
  /** When the request expires if nobody decided. */
  readonly expiresAt?: string | undefined;
  readonly decision?: ReviewDecision | undefined;
  /** MERGED: the request the requesters were attached to. */
  readonly mergedInto?: string | undefined;
  /** CLOSED/REJECTED/EXPIRED: why, in words the requesters read. */
  readonly closedReason?: string | undefined;
  /** NEEDS_ATTENTION: which stage failed and with what error. */
  readonly attention?:
    { readonly failedIn: ReviewStage; readonly error: string; readonly at: string } | undefined;
  /** Requesters told the request was received. */
  readonly acknowledged: readonly string[];
  /** Whether reviewers were told about the request. */
  readonly reviewersNotified: boolean;
  /** Requesters told the outcome. */
  readonly notified: readonly string[];
  /** Times the workflow was (re)started. */
  readonly workflowStarts: number;
  readonly history: readonly ReviewEvent[];
  /** Incremented on every write; guards against lost updates. */
  readonly revision: number;
}

/** The id of the organization a request creates: derived, so creating it twice is one creation. */
export function organizationIdFor(requestId: string): string {
  return `org-${requestId}`;
}

export function requesterOf(account: Account, now: Date): Requester {
  return {
    userId: account.userId,
    email: account.email,
    firstName: account.firstName,
    lastName: account.lastName,
    ...(account.locale ? { locale: account.locale } : {}),
    requestedAt: now.toISOString(),
  };
}

export function newOrganizationRequest(
  requestId: string,
  account: Account,
  organization: OrganizationDetails,
  now: Date,
): OrganizationRequest {
  const at = now.toISOString();
  return {
    requestId,
    domain: account.emailDomain,
    organization,
    organizationId: organizationIdFor(requestId),
    requesters: [requesterOf(account, now)],
    stage: 'SUBMITTED',
    submittedAt: at,
    updatedAt: at,
    acknowledged: [],
    reviewersNotified: false,
    notified: [],
    workflowStarts: 0,
    history: [{ at, event: 'SUBMITTED', by: account.email }],
    revision: 0,
  };
}

/**
 * A colleague's submission for a domain whose request is still open joins that request (merge at
 * submission): one more requester, already acknowledged (the answer and the "joined" email tell them), and a
 * REQUESTERS_JOINED line in its history. Their own details are not kept: the open request is what is reviewed.
 */
export function joinedAtSubmission(
  holder: OrganizationRequest,
  account: Account,
  now: Date,
): OrganizationRequest {
  if (!isOpen(holder.stage) || holder.domain !== account.emailDomain) {
    throw new Error(`request ${holder.requestId} cannot take ${account.userId}`);
  }
  const others = holder.requesters.filter((requester) => requester.userId !== account.userId);
  return revised(
    holder,
    now,
    {
      requesters: [...others, requesterOf(account, now)],
      acknowledged: [...holder.acknowledged.filter((id) => id !== account.userId), account.userId],
    },
    { event: 'REQUESTERS_JOINED', detail: `at submission: ${account.email}`, by: account.email },
  );
}

/** A changed copy of the request, its revision bumped and, when given, an event appended to its history. */
export function revised(
  request: OrganizationRequest,
  now: Date,
  changes: Partial<OrganizationRequest>,
  event?: Omit<ReviewEvent, 'at'>,
): OrganizationRequest {
  const at = now.toISOString();
  return {
    ...request,
    ...changes,
    updatedAt: at,
    revision: request.revision + 1,
    history: event ? [...request.history, { at, ...event }] : request.history,
  };
}

/** The organization profile a request creates, pending until an operator approves it. */
export function pendingOrganizationOf(request: OrganizationRequest): Organization {
  return {
    organizationId: request.organizationId,
    name: request.organization.legalName,
    kind: 'CUSTOMER',
    status: 'PENDING',
    city: request.organization.address.city,
    country: request.organization.country,
    domains: [request.domain],
  };
}

const DAY_MS = 86_400_000;

/**
 * `start` plus `days` business days. With real days (86400 s) Saturdays and Sundays (UTC) are skipped; with
 * the shortened days of the local stack every day counts, so a demo review takes minutes, not a weekend.
 */
export function addBusinessDays(start: Date, days: number, daySeconds: number): Date {
  if (daySeconds * 1000 !== DAY_MS) return new Date(start.getTime() + days * daySeconds * 1000);
  let at = start.getTime();
  let left = days;
  while (left > 0) {
    at += DAY_MS;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(at);
}

/** When a review that starts now is escalated, and when it expires. */
export function reviewDeadlines(start: Date, rules: ReviewRules): { escalateAt: string; expiresAt: string } {
  const escalateAt = addBusinessDays(start, rules.businessDays, rules.daySeconds);
  const expiresAt = addBusinessDays(escalateAt, rules.escalationBusinessDays, rules.daySeconds);
  return { escalateAt: escalateAt.toISOString(), expiresAt: expiresAt.toISOString() };
}

/**
 * What the review workflow does next: apply a recorded decision, escalate or expire at the deadlines, or wait
 * until the next deadline (never longer than the check interval, never less than a second).
 */
export function checkDecision(request: OrganizationRequest, now: Date, rules: ReviewRules): DecisionCheck {
  const wait = (until: string | undefined) => {
    const untilMs = until ? Date.parse(until) - now.getTime() : Infinity;
    return Math.max(1, Math.min(rules.checkIntervalSeconds, Math.ceil(untilMs / 1000)));
  };
  if (request.decision) return { outcome: request.decision.outcome, waitSeconds: 1 };
  if (request.expiresAt && now.getTime() >= Date.parse(request.expiresAt)) {
    return { outcome: 'EXPIRED', waitSeconds: 1 };
  }
  const escalated = request.stage === 'ESCALATED' || request.history.some((e) => e.event === 'ESCALATED');
  if (!escalated && request.escalateAt && now.getTime() >= Date.parse(request.escalateAt)) {
    return { outcome: 'ESCALATE', waitSeconds: wait(request.expiresAt) };
  }
  return { outcome: 'PENDING', waitSeconds: wait(escalated ? request.expiresAt : request.escalateAt) };
}

/** What the review workflow does after a check, and how long it waits before the next one (≥ 1 s). */
export interface DecisionCheck {
  readonly outcome: 'PENDING' | 'ESCALATE' | 'APPROVED' | 'REJECTED' | 'EXPIRED';
  readonly waitSeconds: number;
}

export type DecisionInput =
  | { readonly outcome: 'APPROVE'; readonly note?: string | undefined }
  | { readonly outcome: 'REJECT'; readonly reason: string };

/**
 * Records an operator's decision. Deciding the same way again changes nothing (`changed: false`); a different
 * decision once one is recorded, or a decision on a request that closed without one, is a conflict.
 */
export function recordDecision(
  request: OrganizationRequest,
  input: DecisionInput,
  operator: Operator,
  now: Date,
): { readonly request: OrganizationRequest; readonly changed: boolean } {
  const outcome = input.outcome === 'APPROVE' ? 'APPROVED' : 'REJECTED';
  if (request.decision) {
    if (request.decision.outcome === outcome) return { request, changed: false };
    throw new ConflictError(
      'decision-already-recorded',
      `This request was already ${request.decision.outcome.toLowerCase()} by ${request.decision.decidedBy.email} at ${request.decision.decidedAt}.`,
      { decision: request.decision },
    ).keyed(problemDetails.decisionAlreadyRecorded, {
      outcome: request.decision.outcome,
      decidedBy: request.decision.decidedBy.email,
      decidedAt: request.decision.decidedAt,
    });
  }
  if (!isOpen(request.stage)) {
    throw new ConflictError(
      'request-closed',
      `This request is ${request.stage.toLowerCase()}; it takes no decision.`,
      {
        stage: request.stage,
      },
    ).keyed(problemDetails.requestClosed, { stage: request.stage });
  }
  const decision: ReviewDecision = {
    outcome,
    ...(input.outcome === 'REJECT' ? { reason: input.reason } : input.note ? { note: input.note } : {}),
    decidedBy: operator,
    decidedAt: now.toISOString(),
  };
  return {
    request: revised(
      request,
      now,
      { decision },
      {
        event: outcome,
        by: operator.email,
        ...(input.outcome === 'REJECT' ? { detail: input.reason } : {}),
      },
    ),
    changed: true,
  };
}

/**
 * The request with the requester `from` under the userId `to` (a re-link, docs/identity.md: the person proved the
 * mailbox again under a new sign-in and got their account back): the same requester, place, acknowledgement and
 * notification under the new id, so the decision reaches the re-linked account (and an erasure of it finds them
 * here). Undefined when `from` is not among the requesters.
 */
export function withRequesterRelinked(
  request: OrganizationRequest,
  from: string,
  to: string,
  now: Date,
): OrganizationRequest | undefined {
  const requester = request.requesters.find((one) => one.userId === from);
  if (!requester) return undefined;
  const moved = (ids: readonly string[]) => ids.map((id) => (id === from ? to : id));
  return revised(
    request,
    now,
    {
      requesters: request.requesters.map((one) => (one.userId === from ? { ...one, userId: to } : one)),
      acknowledged: moved(request.acknowledged),
      notified: moved(request.notified),
    },
    { event: 'REQUESTER_RELINKED', by: requester.email },
  );
}

/** Who a history line names once the person it named was erased. */
export const ERASED_REQUESTER = 'an erased requester';

/**
 * The request without `account`'s requester (their account is erased): their name, address and id leave the
 * requesters, the acknowledgement and notification lists and the history. An open request nobody is left on
 * closes (CLOSED), and its domain claim and pending organization go with it (the use case does that).
 */
export function withoutRequester(
  request: OrganizationRequest,
  account: Pick<Account, 'userId' | 'email'>,
  now: Date,
): OrganizationRequest {
  const requesters = request.requesters.filter((requester) => requester.userId !== account.userId);
  const history = request.history.map((line) =>
    line.by === account.email ? { ...line, by: ERASED_REQUESTER } : line,
  );
  const others = {
    requesters,
    acknowledged: request.acknowledged.filter((id) => id !== account.userId),
    notified: request.notified.filter((id) => id !== account.userId),
    history,
  };
  const closes = isOpen(request.stage) && requesters.length === 0;
  // `revised` appends to the history it is given: give it the one without the person.
  return revised(
    { ...request, history },
    now,
    closes ? { ...others, stage: 'CLOSED', closedReason: 'Every requester deleted their account.' } : others,
    { event: closes ? 'CLOSED' : 'REQUESTER_ERASED', by: ERASED_REQUESTER },
  );
}
