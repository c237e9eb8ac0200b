import { invitationRevoked } from '../../domain/audit-log';
import type { MemberRole } from '../../domain/account';
import { normalizeEmail } from '../../domain/email-address';
import {
  acceptInvitation as acceptedAccount,
  hashInvitationToken,
  isPending,
  looksLikeToken,
  newInvitationToken,
  resent,
  type Invitation,
} from '../../domain/invitation';
import { decideSend, emptyCodeState } from '../../domain/one-time-code';
import type { CodeRules } from '../../config';
import * as emailTemplates from '../../email/templates';
import { NotFoundError, ServiceUnavailableError, TooManyRequestsError } from '../../errors';
import { logger } from '../../logger';
import {
  ConcurrentUpdateError,
  type AccountStore,
  type Clock,
  type InvitationStore,
  type Mailer,
  type OrganizationDirectory,
  preparedSend,
} from '../../ports';
import { accountView } from '../account-view';
import { loadAccount } from '../get-account';
import { ADMITTED, assertAdmitting, type Admission, type PortalMember } from '../portal-access';
import { joinOrganization } from '../register-business';
import { requireAdministrator } from './portal-context';
import * as problemDetails from '../../i18n/details/compiled/index';

export interface InvitationDependencies {
  readonly invitations: InvitationStore;
  readonly accounts: AccountStore;
  readonly organizations: OrganizationDirectory;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly portalUrl: string;
  readonly codeRules: CodeRules;
}

export interface InvitationRequest {
  readonly email: string;
  readonly role: MemberRole;
  readonly allowOutsideDomain?: boolean | undefined;
}

/** An invitation as administrators see it (never its token nor its hash). */
export function invitationView(invitation: Invitation) {
  return {
    invitationId: invitation.invitationId,
    email: invitation.email,
    role: invitation.role,
    allowOutsideDomain: invitation.allowOutsideDomain,
    invitedBy: { userId: invitation.invitedBy.userId, email: invitation.invitedBy.email },
    invitedAt: invitation.invitedAt,
    expiresAt: invitation.expiresAt,
  };
}

function inviterName(member: PortalMember): string {
  return `${member.account.firstName} ${member.account.lastName}`.trim();
}

export async function sendInvitation(
  deps: Pick<InvitationDependencies, 'portalUrl'>,
  send: Mailer['send'],
  member: PortalMember,
  organizationName: string,
  invitation: Invitation,
  token: string,
): Promise<void> {
  await send(
    emailTemplates.invitation({
      to: invitation.email,
      // The invitee has no account yet: the inviting administrator's language.
      locale: member.account.locale,
      inviterName: inviterName(member),
      inviterEmail: member.account.email,
      organizationName,
      role: invitation.role,
      token,
      expiresAt: invitation.expiresAt,
      portalUrl: deps.portalUrl,
    }),
  );
}

/** The pending invitations of the caller's organization, oldest first: one Query (after the caller's account). */
export async function listInvitations(
  deps: Pick<InvitationDependencies, 'invitations' | 'clock'>,
  member: PortalMember,
) {
  requireAdministrator(member);
  const now = deps.clock.now();
  const invitations = await deps.invitations.invitationsOf(member.organizationId);
  return {
    items: invitations
      .filter((invitation) => isPending(invitation, now))
      .sort((a, b) => a.invitedAt.localeCompare(b.invitedAt))
      .map(invitationView),
  };
}

function noSuchInvitation(): NotFoundError {
  return new NotFoundError(
    'No such invitation in your organization (accepted, revoked or never made).',
  ).keyed('noSuchInvitation');
}

/**
 * Sends an invitation again with a new token (the previous link stops working) and a new 7-day expiry, within
 * the one-time codes' send throttle (decideSend: an interval between sends and a cap per hour) → 429.
 * An expired invitation can be resent. Email down → 503 (the new token is saved: resend later). A deactivated
 * organization → 403 (the profile's status is the portal writers' status check, so `member` comes from
 * requirePortalMember alone). The email's suppression check is read beside the transaction: 3 DynamoDB round
 * trips in sequence (the caller's account; the invitation ∥ the profile; the transaction ∥ the check).
 */
export async function resendInvitation(
  deps: InvitationDependencies,
  member: PortalMember,
  invitationId: string,
) {
  requireAdministrator(member);
  const now = deps.clock.now();
  const [invitation, organization] = await Promise.all([
    deps.invitations.getInvitation(member.organizationId, invitationId),
    deps.organizations.getOrganization(member.organizationId),
  ]);
  if (organization) assertAdmitting(member, organization.status);
  if (!invitation || !organization) throw noSuchInvitation();
  const decision = decideSend(
    { ...emptyCodeState(invitation.email), sentAt: invitation.sentAt },
    now.getTime(),
    deps.codeRules,
  );
  if (!decision.allowed) {
    throw new TooManyRequestsError(
      `This invitation was sent moments ago: retry in ${decision.retryAfterSeconds} seconds.`,
      decision.retryAfterSeconds,
    ).keyed('invitationSentRecently', { retryAfterSeconds: decision.retryAfterSeconds });
  }
  const token = newInvitationToken();
  const next = resent(invitation, hashInvitationToken(token), decision.sentAt, now);
  const send = preparedSend(deps.mailer, invitation.email);
  try {
    await deps.invitations.replaceToken(invitation, next);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) throw noSuchInvitation();
    throw error;
  }
  try {
    await sendInvitation(deps, send, member, organization.name, next, token);
  } catch (error) {
    logger.error('invitation email could not be sent', { error });
    throw new ServiceUnavailableError('We could not send the invitation email: resend it shortly.').keyed(
      problemDetails.invitationNotSent,
    );
  }
  return invitationView(next);
}

/**
 * Revokes a pending invitation: it and its token item deleted with an INVITATION_REVOKED entry, together. The
 * invitation is read beside the organization's status (writeAsPortalMember: `admitted`, a deactivated one →
 * 403 before any 404): 3 DynamoDB round trips in sequence (the caller's account; the invitation ∥ the status;
 * the transaction).
 */
export async function revokeInvitation(
  deps: Pick<InvitationDependencies, 'invitations' | 'clock'>,
  member: PortalMember,
  invitationId: string,
  admitted: Admission = ADMITTED,
) {
  requireAdministrator(member);
  const invitation = await deps.invitations.getInvitation(member.organizationId, invitationId);
  await admitted();
  if (!invitation) throw noSuchInvitation();
  try {
    await deps.invitations.revokeInvitation(
      invitation,
      invitationRevoked(member.account, invitation, deps.clock.now()),
    );
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) throw noSuchInvitation();
    throw error;
  }
  return { invitationId, outcome: 'REVOKED' as const };
}

/** One answer for every token that does not open an invitation to the caller: nothing is revealed. */
function invalidInvitation(): NotFoundError {
  return new NotFoundError(
    'This invitation link is not valid: it may have expired, been revoked or used, or be meant for another address.',
  ).keyed('invitationInvalid');
}

/**
 * Accepts an invitation: the caller, signed in with the invited address (verified), joins its organization at
 * once whatever the membership policy, with the invited role, exactly as any join (joinOrganization: the
 * confirmation email, then the account, membership, counts and MEMBER_JOINED via INVITATION in one transaction)
 * which also deletes the invitation and its token on condition they still hold: accepted twice → one membership
 * (the other 409). An unknown, expired, revoked or used token, or another address: the same 404.
 * 3 DynamoDB round trips in sequence: the account ∥ the token's item, the profile ∥ the confirmation email's
 * suppression check (Mailer.prepare), the transaction.
 */
export async function acceptInvitation(
  deps: Omit<InvitationDependencies, 'codeRules'>,
  userId: string,
  token: string,
) {
  if (!looksLikeToken(token)) throw invalidInvitation();
  const now = deps.clock.now();
  const [account, invitation] = await Promise.all([
    loadAccount(deps, userId),
    deps.invitations.invitationByToken(hashInvitationToken(token)),
  ]);
  if (!invitation || !isPending(invitation, now) || normalizeEmail(account.email) !== invitation.email) {
    throw invalidInvitation();
  }
  const send = preparedSend(deps.mailer, account.email);
  const organization = await deps.organizations.getOrganization(invitation.organizationId);
  if (organization?.status !== 'ACTIVE' || organization.kind !== 'CUSTOMER') throw invalidInvitation();
  const active = acceptedAccount(account, invitation, organization, now);
  const mailer: Mailer = { send };
  const joined = await joinOrganization(
    { ...deps, mailer },
    active,
    account.revision,
    organization,
    now,
    'INVITATION',
    {
      acceptedInvitation: invitation,
      ...(account.state === 'AWAITING_APPROVAL'
        ? { approvedRequest: { organizationId: organization.organizationId, userId: account.userId } }
        : {}),
    },
  );
  return { outcome: 'ACTIVE' as const, account: accountView(joined, deps.portalUrl) };
}
