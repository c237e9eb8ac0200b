import { memberJoined } from '../../domain/audit-log';
import type { Account } from '../../domain/account';
import { isWaitingFor, joinApprovedOrganization, returnToRegistration } from '../../domain/onboarding';
import { roleOnJoining, type Organization } from '../../domain/organization';
import {
  isOpen,
  pendingOrganizationOf,
  revised,
  type OrganizationRequest,
  type Requester,
  type ReviewStage,
} from '../../domain/organization-request';
import * as emailTemplates from '../../email/templates';
import type { EmailMessage } from '../../ports';
import type { Dependencies } from '../dependencies';
import { loadRequest, updateRequest } from './request-updates';
import { metrics } from '../../metrics';

export type OutcomeDependencies = Pick<
  Dependencies,
  'accounts' | 'organizations' | 'requests' | 'mailer' | 'clock' | 'portalUrl'
>;

type Settle = (requester: Requester, index: number, account: Account | undefined) => Promise<EmailMessage>;

/**
 * Brings every requester to the outcome, one at a time and each only once: the account changes if it still
 * waits for this request, the email goes out, then the requester is marked notified. A retry after a failure
 * resumes with the first requester not yet notified, so nobody is activated twice and, unless a failure falls
 * between an email and its mark, nobody is emailed twice.
 */
async function settleRequesters(
  deps: OutcomeDependencies,
  request: OrganizationRequest,
  settle: Settle,
): Promise<void> {
  for (const [index, requester] of request.requesters.entries()) {
    if (request.notified.includes(requester.userId)) continue;
    const account = await deps.accounts.getAccount(requester.userId);
    await deps.mailer.send(await settle(requester, index, account));
    await updateRequest(deps, request.requestId, (latest) =>
      latest.notified.includes(requester.userId)
        ? undefined
        : revised(latest, deps.clock.now(), { notified: [...latest.notified, requester.userId] }),
    );
  }
}

/** Someone joined the request (a merge) while it was being settled: they must be settled before it closes. */
class RequestersJoinedError extends Error {
  override readonly name = 'RequestersJoinedError';
}

const SETTLE_ROUNDS = 5;

/**
 * Settles every requester, then closes the request — but only if nobody joined meanwhile (the close is a
 * conditional write on the request's revision): if someone did, they are settled too, and the close retried.
 */
async function settleAndClose(
  deps: OutcomeDependencies,
  requestId: string,
  settle: Settle,
  stage: Extract<ReviewStage, 'ACTIVATED' | ClosingStage>,
  closedReason: string | undefined,
): Promise<OrganizationRequest> {
  for (let round = 1; ; round += 1) {
    await settleRequesters(deps, await loadRequest(deps, requestId), settle);
    try {
      return await close(deps, requestId, stage, closedReason);
    } catch (error) {
      if (!(error instanceof RequestersJoinedError) || round >= SETTLE_ROUNDS) throw error;
    }
  }
}

/**
 * Applies an approval: the pending organization becomes active, the first requester to join its administrator
 * and every other requester a member, each emailed; then the request is ACTIVATED and its domain claim released.
 * Run by the workflow and, if the workflow lost it, by the finalize-reviews job; running it again does nothing.
 */
export async function applyApproval(
  deps: OutcomeDependencies,
  requestId: string,
): Promise<OrganizationRequest> {
  const request = await loadRequest(deps, requestId);
  if (!isOpen(request.stage)) return request;
  if (request.decision?.outcome !== 'APPROVED') {
    throw new Error(`request ${requestId} has no approval to apply`);
  }
  const pending = pendingOrganizationOf(request);
  // Normally created by the workflow already; not when it failed before that and an operator decided anyway.
  await deps.organizations.createOrganization(pending);
  const organization: Organization = await deps.organizations.activateOrganization(pending);
  const settle: Settle = async (requester, _index, account) => {
    let administrator =
      account?.organizationId === organization.organizationId && account.role === 'ADMINISTRATOR';
    if (account && isWaitingFor(account, requestId)) {
      // Requesters join in order, so the first one still waiting becomes the administrator — unless someone
      // joined through registration first (the organization owns its domain from activation on). Then the
      // store refuses a second first administrator and the task's retry reads the new count.
      const profile = (await deps.organizations.getOrganization(organization.organizationId)) ?? organization;
      const now = deps.clock.now();
      const active = joinApprovedOrganization(account, organization, roleOnJoining(profile), now);
      await deps.accounts.saveMembership(
        active,
        account.revision,
        organization,
        memberJoined(organization.organizationId, active, 'ORGANIZATION_REQUEST', now),
      );
      metrics.count('Activations', 'review');
      administrator = active.role === 'ADMINISTRATOR';
    }
    return emailTemplates.organizationApproved({
      to: requester.email,
      locale: requester.locale,
      firstName: requester.firstName,
      organizationName: organization.name,
      administrator,
      portalUrl: deps.portalUrl,
    });
  };
  return settleAndClose(deps, requestId, settle, 'ACTIVATED', undefined);
}

export type ClosingStage = Extract<ReviewStage, 'REJECTED' | 'EXPIRED' | 'CLOSED'>;

/**
 * Ends a request without an organization: rejected by an operator, expired, or closed because an organization
 * owns the domain by now. Every requester still waiting goes back to REGISTER_BUSINESS and is told why; the
 * pending organization is removed; the request closes and releases its domain.
 */
export async function closeWithoutOrganization(
  deps: OutcomeDependencies,
  requestId: string,
  stage: ClosingStage,
  closedReason?: string,
): Promise<OrganizationRequest> {
  const request = await loadRequest(deps, requestId);
  if (!isOpen(request.stage)) return request;
  const reason =
    stage === 'REJECTED'
      ? (request.decision?.reason ?? 'the details could not be verified.')
      : (closedReason ?? 'the review did not finish in time.');
  const settle: Settle = async (requester, _index, account) => {
    if (account && isWaitingFor(account, requestId)) {
      await deps.accounts.saveAccount(returnToRegistration(account, deps.clock.now()), account.revision);
    }
    const common = {
      to: requester.email,
      locale: requester.locale,
      firstName: requester.firstName,
      portalUrl: deps.portalUrl,
    };
    switch (stage) {
      case 'REJECTED':
        return emailTemplates.organizationRejected({
          ...common,
          legalName: request.organization.legalName,
          reason,
        });
      case 'EXPIRED':
        return emailTemplates.organizationRequestExpired({
          ...common,
          legalName: request.organization.legalName,
        });
      case 'CLOSED':
        return emailTemplates.organizationRequestClosed({ ...common, reason });
    }
  };
  await deps.organizations.removePendingOrganization(pendingOrganizationOf(request));
  const closed = await settleAndClose(
    deps,
    requestId,
    settle,
    stage,
    stage === 'REJECTED' ? undefined : reason,
  );
  if (stage === 'EXPIRED') metrics.count('ReviewsExpired');
  return closed;
}

function close(
  deps: OutcomeDependencies,
  requestId: string,
  stage: Extract<ReviewStage, 'ACTIVATED' | ClosingStage>,
  closedReason: string | undefined,
): Promise<OrganizationRequest> {
  return updateRequest(
    deps,
    requestId,
    (latest) => {
      if (!isOpen(latest.stage)) return undefined;
      if (latest.requesters.some((requester) => !latest.notified.includes(requester.userId))) {
        throw new RequestersJoinedError(`requesters joined request ${requestId} while it was being settled`);
      }
      return revised(
        latest,
        deps.clock.now(),
        { stage, ...(closedReason ? { closedReason } : {}), attention: undefined },
        { event: stage, ...(closedReason ? { detail: closedReason } : {}) },
      );
    },
    { close: true },
  );
}
