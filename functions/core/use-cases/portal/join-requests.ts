import type { Account } from '../../domain/account';
import { joinRequestDeclined } from '../../domain/audit-log';
import {
  decidableRequest,
  declineJoinRequest,
  declineReasonOf,
  leaveApprovalWait,
  type JoinRequest,
} from '../../domain/membership-policy';
import * as emailTemplates from '../../email/templates';
import { ConflictError, NotFoundError } from '../../errors';
import { logger } from '../../logger';
import {
  ConcurrentUpdateError,
  preparedSend,
  type AccountStore,
  type Clock,
  type JoinRequestStore,
  type Mailer,
  type OrganizationDirectory,
} from '../../ports';
import { assertAdmitting, requirePortalMember, type PortalMember } from '../portal-access';
import { activateInOrganization } from '../register-business';
import { requireAdministrator } from './portal-context';
import * as problemDetails from '../../i18n/details/compiled/index';

export interface JoinRequestDependencies {
  readonly joinRequests: JoinRequestStore;
  readonly accounts: AccountStore;
  readonly organizations: OrganizationDirectory;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly portalUrl: string;
}

/** A join request as the administrators see it. */
export function joinRequestView(request: JoinRequest) {
  return {
    userId: request.userId,
    email: request.email,
    firstName: request.firstName,
    lastName: request.lastName,
    jobTitle: request.jobTitle,
    requestedAt: request.requestedAt,
  };
}

/**
 * The join requests waiting for the caller's organization, oldest first: one Query (after the caller's account
 * read). Failure paths: a member → 403 administrators-only.
 */
export async function listJoinRequests(
  deps: Pick<JoinRequestDependencies, 'joinRequests'>,
  member: PortalMember,
) {
  requireAdministrator(member);
  const requests = await deps.joinRequests.pendingJoinRequests(member.organizationId);
  return { items: requests.map(joinRequestView) };
}

/**
 * What a decision reads, in 2 round trips: the caller's account ∥ the person's, then the request ∥ the profile
 * (whose status is the organization's status check) ∥ the suppression check of the email the decision sends,
 * prepared (Mailer.prepare) only for a person who waits for the caller's organization. With the decision's
 * transaction, a decision is 3 DynamoDB round trips in sequence.
 */
async function readDecision(deps: JoinRequestDependencies, callerId: string, userId: string) {
  const [member, person] = await Promise.all([
    requirePortalMember(deps, callerId),
    deps.accounts.getAccount(userId),
  ]);
  requireAdministrator(member);
  const waiting =
    person?.state === 'AWAITING_APPROVAL' && person.joinRequest?.organizationId === member.organizationId;
  const send = person && waiting ? preparedSend(deps.mailer, person.email) : undefined;
  const [request, organization] = await Promise.all([
    deps.joinRequests.getJoinRequest(member.organizationId, userId),
    deps.organizations.getOrganization(member.organizationId),
  ]);
  if (!organization)
    throw new NotFoundError('Your organization no longer exists.').keyed(problemDetails.organizationGone);
  assertAdmitting(member, organization.status);
  const decidable = decidableRequest(member.organizationId, request, person);
  const mailer: Mailer = { send: send ?? ((message) => deps.mailer.send(message)) };
  return { ...decidable, organization, member, mailer };
}

function decidedMeanwhile(): ConflictError {
  return new ConflictError(
    'join-request-decided',
    'This join request was decided by another administrator meanwhile, or the person moved on. Reload the list.',
  ).keyed(problemDetails.joinRequestDecidedMeanwhile);
}

/**
 * Approves a join request: the person joins exactly as a single domain match does (activateInOrganization:
 * the confirmation email first, then the account ACTIVE, the membership, the counts and the MEMBER_JOINED entry
 * with `via: APPROVAL`, in one transaction) and the request is deleted in that transaction on condition it
 * still exists, so of two administrators deciding one request, one wins and the other gets 409.
 * Failure paths: a member → 403; no such request → 404; decided meanwhile → 409 join-request-decided; the
 * email down → 503 with nothing saved.
 */
export async function approveJoinRequest(deps: JoinRequestDependencies, callerId: string, userId: string) {
  const { request, account, organization, mailer } = await readDecision(deps, callerId, userId);
  let joined: Account;
  try {
    joined = await activateInOrganization(
      { ...deps, mailer },
      leaveApprovalWait(account),
      account.revision,
      organization,
      deps.clock.now(),
      'APPROVAL',
      organization,
      request,
    );
  } catch (error) {
    if (error instanceof ConflictError && error.type === 'concurrent-update') throw decidedMeanwhile();
    throw error;
  }
  return { userId: joined.userId, outcome: 'APPROVED' as const, role: joined.role ?? 'MEMBER' };
}

/**
 * Declines a join request, with an optional reason: the person goes back to a clear LIMITED state
 * (INVITATION_REQUIRED, joinRequest cleared), the request is deleted and a JOIN_REQUEST_DECLINED entry written,
 * in one transaction; then the person is emailed (best effort: the decision stands, a failure is logged).
 * Failure paths: a member → 403; no such request → 404; decided meanwhile → 409 join-request-decided.
 */
export async function declineJoinRequestOf(
  deps: JoinRequestDependencies,
  callerId: string,
  userId: string,
  givenReason: string | undefined,
) {
  const { request, account, organization, member, mailer } = await readDecision(deps, callerId, userId);
  const now = deps.clock.now();
  const reason = declineReasonOf(givenReason);
  const declined = declineJoinRequest(account, now);
  try {
    await deps.joinRequests.declineJoinRequest(
      declined,
      account.revision,
      request,
      joinRequestDeclined(member.organizationId, member.account, account, reason, now),
    );
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) throw decidedMeanwhile();
    throw error;
  }
  await mailer
    .send(
      emailTemplates.joinRequestDeclined({
        to: account.email,
        locale: account.locale,
        firstName: account.firstName,
        organizationName: organization.name,
        ...(reason === undefined ? {} : { reason }),
        portalUrl: deps.portalUrl,
      }),
    )
    .catch((error: unknown) => logger.error('join request decline email could not be sent', { error }));
  return { userId, outcome: 'DECLINED' as const };
}
