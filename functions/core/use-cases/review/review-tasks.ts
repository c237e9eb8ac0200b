import { followOrganizationRequest, isWaitingFor } from '../../domain/onboarding';
import { matchOrganizations } from '../../domain/organization';
import {
  checkDecision as nextCheck,
  isOpen,
  pendingOrganizationOf,
  reviewDeadlines,
  revised,
  type DecisionCheck,
  type OrganizationRequest,
  type Requester,
} from '../../domain/organization-request';
import * as emailTemplates from '../../email/templates';
import { logger } from '../../logger';
import type { EmailMessage } from '../../ports';
import type { Account } from '../../domain/account';
import type { TaskFailure, ValidationResult } from '../../../review/review-workflow.contract';
import type { Dependencies } from '../dependencies';
import { closeWithoutOrganization, type OutcomeDependencies } from './apply-outcome';
import { loadRequest, updateRequest } from './request-updates';
import { metrics } from '../../metrics';

/**
 * The review workflow's tasks, one function per Task state (see review-workflow.contract.ts). Step Functions
 * may run a task more than once (retries, restarts), so each one finds out what is already done and does only
 * the rest.
 */

export type ReviewDependencies = OutcomeDependencies & Pick<Dependencies, 'reviewRules' | 'reviewerEmail'>;

/** Whether a request still has to go through validation (never validated, or its validation kept failing). */
function awaitsValidation(request: OrganizationRequest): boolean {
  return (
    request.stage === 'SUBMITTED' ||
    (request.stage === 'NEEDS_ATTENTION' && request.attention?.failedIn === 'SUBMITTED')
  );
}

/**
 * Validate and de-duplicate. An organization owning the domain by now closes the request (its requesters may
 * simply register again); another open request for the same domain absorbs this one (its requesters wait for
 * that review); otherwise this request claims the domain and its review starts, with its deadlines.
 */
export async function validateRequest(
  deps: ReviewDependencies,
  requestId: string,
): Promise<ValidationResult> {
  const request = await loadRequest(deps, requestId);
  if (request.stage === 'MERGED') {
    await acknowledgeMerge(deps, request);
    return { outcome: 'MERGED' };
  }
  if (!awaitsValidation(request)) return { outcome: isOpen(request.stage) ? 'REVIEW' : 'CLOSED' };

  const owners = matchOrganizations(await deps.organizations.findByEmailDomain(request.domain));
  if (owners.outcome !== 'NONE') {
    await closeWithoutOrganization(
      deps,
      requestId,
      'CLOSED',
      `An organization on Portico already uses ${request.domain}, so no new one is needed.`,
    );
    return { outcome: 'CLOSED' };
  }

  const holderId = await deps.requests.claimDomain(request.domain, requestId);
  if (holderId !== requestId) {
    await mergeInto(deps, request, holderId);
    await acknowledgeMerge(deps, await loadRequest(deps, requestId));
    return { outcome: 'MERGED' };
  }
  await updateRequest(deps, requestId, (latest) =>
    awaitsValidation(latest)
      ? revised(
          latest,
          deps.clock.now(),
          {
            stage: 'IN_REVIEW',
            attention: undefined,
            ...reviewDeadlines(deps.clock.now(), deps.reviewRules),
          },
          { event: 'IN_REVIEW' },
        )
      : undefined,
  );
  return { outcome: 'REVIEW' };
}

async function mergeInto(
  deps: ReviewDependencies,
  request: OrganizationRequest,
  holderId: string,
): Promise<void> {
  const holder = await loadRequest(deps, holderId);
  // The holder is closing right now and will release the domain: fail, and the retry claims it.
  if (!isOpen(holder.stage)) throw new Error(`request ${holderId} holds ${request.domain} but is closed`);
  const now = deps.clock.now();
  const joining = request.requesters.filter(
    (requester) => !holder.requesters.some((existing) => existing.userId === requester.userId),
  );
  const followers: { account: Account; expectedRevision: number }[] = [];
  for (const requester of request.requesters) {
    const account = await deps.accounts.getAccount(requester.userId);
    if (account && isWaitingFor(account, request.requestId)) {
      followers.push({
        account: followOrganizationRequest(account, holderId, now),
        expectedRevision: account.revision,
      });
    }
  }
  await deps.requests.mergeRequest(
    revised(
      holder,
      now,
      { requesters: [...holder.requesters, ...joining] },
      {
        event: 'REQUESTERS_JOINED',
        detail: `from request ${request.requestId}: ${joining.map((r) => r.email).join(', ')}`,
      },
    ),
    revised(
      request,
      now,
      { stage: 'MERGED', mergedInto: holderId, attention: undefined },
      { event: 'MERGED', detail: `into request ${holderId}` },
    ),
    followers,
  );
}

async function acknowledgeMerge(deps: ReviewDependencies, merged: OrganizationRequest): Promise<void> {
  await acknowledgeEach(deps, merged, (requester) =>
    emailTemplates.organizationRequestJoined({
      to: requester.email,
      locale: requester.locale,
      firstName: requester.firstName,
      legalName: merged.organization.legalName,
      domain: merged.domain,
    }),
  );
}

/** Emails each requester not yet acknowledged, marking each right after their email. */
async function acknowledgeEach(
  deps: ReviewDependencies,
  request: OrganizationRequest,
  message: (requester: Requester) => EmailMessage,
): Promise<void> {
  for (const requester of request.requesters) {
    if (request.acknowledged.includes(requester.userId)) continue;
    await deps.mailer.send(message(requester));
    await updateRequest(deps, request.requestId, (latest) =>
      latest.acknowledged.includes(requester.userId)
        ? undefined
        : revised(latest, deps.clock.now(), { acknowledged: [...latest.acknowledged, requester.userId] }),
    );
  }
}

/** The organization profile, pending: not matched by domain until approved. Creating it twice is one creation. */
export async function createPendingOrganization(deps: ReviewDependencies, requestId: string): Promise<void> {
  const request = await loadRequest(deps, requestId);
  if (!isOpen(request.stage)) return;
  await deps.organizations.createOrganization(pendingOrganizationOf(request));
}

/** Tells each requester the request was received, and the reviewers that it waits for them. */
export async function acknowledgeRequest(deps: ReviewDependencies, requestId: string): Promise<void> {
  const request = await loadRequest(deps, requestId);
  if (!isOpen(request.stage)) return;
  const decideBy = request.escalateAt ?? request.submittedAt;
  await acknowledgeEach(deps, request, (requester) =>
    emailTemplates.organizationRequestReceived({
      to: requester.email,
      locale: requester.locale,
      firstName: requester.firstName,
      legalName: request.organization.legalName,
      domain: request.domain,
      decisionExpectedBy: decideBy,
    }),
  );
  if (request.reviewersNotified) return;
  const [first] = request.requesters;
  await deps.mailer.send(
    emailTemplates.reviewerNotice({
      to: deps.reviewerEmail,
      requestId,
      legalName: request.organization.legalName,
      domain: request.domain,
      country: request.organization.country,
      website: request.organization.website,
      requestedBy: first ? `${first.firstName} ${first.lastName} <${first.email}>` : 'someone',
      decideBy,
    }),
  );
  await updateRequest(deps, requestId, (latest) =>
    latest.reviewersNotified
      ? undefined
      : revised(latest, deps.clock.now(), { reviewersNotified: true }, { event: 'REVIEWERS_NOTIFIED' }),
  );
}

export async function checkDecision(deps: ReviewDependencies, requestId: string): Promise<DecisionCheck> {
  return nextCheck(await loadRequest(deps, requestId), deps.clock.now(), deps.reviewRules);
}

/** The review is overdue: the reviewers are told, and the request waits on until it expires. */
export async function escalateReview(deps: ReviewDependencies, requestId: string): Promise<void> {
  const request = await loadRequest(deps, requestId);
  if (request.stage !== 'IN_REVIEW' || request.decision) return;
  await deps.mailer.send(
    emailTemplates.reviewEscalated({
      to: deps.reviewerEmail,
      requestId,
      legalName: request.organization.legalName,
      domain: request.domain,
      expiresAt: request.expiresAt ?? 'soon',
    }),
  );
  await updateRequest(deps, requestId, (latest) =>
    latest.stage === 'IN_REVIEW'
      ? revised(latest, deps.clock.now(), { stage: 'ESCALATED' }, { event: 'ESCALATED' })
      : undefined,
  );
}

/** The request expires: nobody decided in time. */
export async function expireRequest(deps: ReviewDependencies, requestId: string): Promise<void> {
  const request = await loadRequest(deps, requestId);
  if (request.decision) return;
  await closeWithoutOrganization(deps, requestId, 'EXPIRED');
}

/**
 * A task kept failing: the request is parked, visibly, in NEEDS_ATTENTION with the error. Operators still see
 * and decide it; the scheduled jobs still apply a decision or expire it. The reviewers are told if mail works.
 */
export async function parkForAttention(
  deps: ReviewDependencies,
  requestId: string,
  failure: TaskFailure | undefined,
): Promise<void> {
  const error = [failure?.Error, failure?.Cause].filter(Boolean).join(': ').slice(0, 1000) || 'unknown error';
  let newlyParked = false;
  const parked = await updateRequest(deps, requestId, (latest) => {
    newlyParked = isOpen(latest.stage) && latest.stage !== 'NEEDS_ATTENTION';
    return newlyParked
      ? revised(
          latest,
          deps.clock.now(),
          {
            stage: 'NEEDS_ATTENTION',
            attention: { failedIn: latest.stage, error, at: deps.clock.now().toISOString() },
          },
          { event: 'NEEDS_ATTENTION', detail: error },
        )
      : undefined;
  });
  if (!newlyParked) return;
  metrics.count('ReviewsParked');
  try {
    await deps.mailer.send(
      emailTemplates.reviewNeedsAttention({
        to: deps.reviewerEmail,
        requestId,
        domain: parked.domain,
        error,
      }),
    );
  } catch (mailError) {
    logger.error('reviewers could not be told about a parked request', { error: mailError, requestId });
  }
}
