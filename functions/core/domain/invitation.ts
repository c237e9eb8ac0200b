import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, ForbiddenError, type FieldProblem } from '../errors';
import type { Account, MemberRole } from './account';
import type { EmailDomainKind } from './email-domain-kind';
import { nextStepOf } from './onboarding';
import type { Organization } from './organization';
import * as problemDetails from '../i18n/details/compiled/index';
import * as answerWords from '../i18n/answers/compiled/index';

/**
 * Invitations (issue 15, docs/membership.md "Invitations"): an administrator invites an address with a role; the
 * email carries a single-use token (32 bytes from the CSPRNG, base64url), of which only the SHA-256 is stored;
 * it expires INVITATION_DAYS after it was last sent, can be revoked, and resent within the one-time codes' send
 * throttle (decideSend). Accepting it joins the organization at once, whatever its membership policy, with the
 * invited role. Nothing here touches storage.
 */

export const INVITATION_DAYS = 7;
export const MAX_INVITATIONS_PER_REQUEST = 50;
const DAY_MS = 86_400_000;

export interface Invitation {
  readonly organizationId: string;
  readonly invitationId: string;
  /** The invited address, normalized (lower case). */
  readonly email: string;
  readonly role: MemberRole;
  /** The administrator said the address may be outside the organization's domains (a contractor). */
  readonly allowOutsideDomain: boolean;
  /** SHA-256 (hex) of the token of the last email sent; the token itself is never stored. */
  readonly tokenHash: string;
  readonly invitedBy: { readonly userId: string; readonly email: string };
  readonly invitedAt: string;
  /** ISO time after which the token is refused (INVITATION_DAYS after the last send). */
  readonly expiresAt: string;
  /** Send times (epoch ms) within the last hour, oldest first: the resend throttle. */
  readonly sentAt: readonly number[];
}

/** A new token: 256 random bits, URL-safe. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of a token. A plain SHA-256, not the one-time codes' keyed HMAC (hashCode): a 6-digit code
 * needs a secret key because its space can be enumerated; a 256-bit token cannot, so its hash alone reveals
 * nothing, and accepting needs no secret read (one round trip less).
 */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Is it something a token could be (what the email link carries)? Anything else is refused unread. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function invitationExpiry(now: Date): string {
  return new Date(now.getTime() + INVITATION_DAYS * DAY_MS).toISOString();
}

export function isPending(invitation: Pick<Invitation, 'expiresAt'>, now: Date): boolean {
  return Date.parse(invitation.expiresAt) > now.getTime();
}

/** Why an address may not be invited into `organization` (a field problem's detail), or undefined when it may. */
export function inviteeProblem(
  invitee: {
    readonly email: string;
    readonly emailDomain: string;
    readonly kind: EmailDomainKind;
    readonly allowOutsideDomain: boolean;
  },
  organization: Pick<Organization, 'domains'>,
): Omit<FieldProblem, 'pointer'> | undefined {
  if (invitee.kind === 'PERSONAL') {
    return { detail: 'is a personal email service address: invite a work address' };
  }
  if (invitee.kind === 'DISPOSABLE') {
    return { detail: 'is a disposable email service address: invite a work address' };
  }
  if (!invitee.allowOutsideDomain && !organization.domains.includes(invitee.emailDomain)) {
    const domains = organization.domains.join(', ');
    return {
      detail: `is outside your organization's domains (${domains}): set allowOutsideDomain to invite it anyway`,
      detailKey: 'outsideDomains',
      detailValues: { domains },
    };
  }
  return undefined;
}

/**
 * The account after accepting `invitation` into `organization`: ACTIVE, a member with the invited role. Accepting
 * does not need the business registration nor the domain (the administrator vouched for the address). Refused:
 * an unverified address (403), an account already active in an organization (409 already-member: leaving comes
 * first), an organization request under review (409), a join request waiting for another organization (409);
 * a join request to this very organization is consumed by the acceptance (the caller deletes it).
 */
export function acceptInvitation(
  account: Account,
  invitation: Pick<Invitation, 'role'>,
  organization: Organization,
  now: Date,
): Account {
  if (account.state === 'VERIFY_EMAIL') {
    throw new ForbiddenError('email-not-verified', 'Verify your email address first.', {
      nextStep: nextStepOf(account.state),
    })
      .keyed(problemDetails.verifyEmailFirst)
      .nextStepKeyed(answerWords.nextStepVerifyEmail);
  }
  if (account.state === 'ACTIVE') {
    const here = account.organizationId === organization.organizationId;
    const name = here ? organization.name : (account.organizationName ?? 'another organization');
    throw new ConflictError(
      'already-member',
      here
        ? `You are already a member of ${name}.`
        : `You are a member of ${name}: a person belongs to one organization at a time. Leave it first, then open the invitation again.`,
    ).keyed(here ? 'alreadyMemberHere' : 'alreadyMemberElsewhere', { organization: name });
  }
  if (account.state === 'PENDING_ORGANIZATION') {
    throw new ConflictError(
      'organization-under-review',
      'Your organization is under review; we email you when it is decided.',
      { nextStep: nextStepOf(account.state), organizationRequestId: account.organizationRequestId },
    )
      .keyed(problemDetails.organizationUnderReview)
      .nextStepKeyed(answerWords.nextStepPendingOrganization);
  }
  if (
    account.state === 'AWAITING_APPROVAL' &&
    account.joinRequest?.organizationId !== organization.organizationId
  ) {
    throw new ConflictError(
      'join-request-pending',
      `Your request to join ${account.joinRequest?.organizationName ?? 'your organization'} waits for its administrators; we email you when they decide.`,
      { nextStep: nextStepOf(account.state), joinRequest: account.joinRequest },
    )
      .keyed(problemDetails.joinRequestPending, {
        named: account.joinRequest?.organizationName ? 'yes' : 'no',
        organization: account.joinRequest?.organizationName ?? '',
      })
      .nextStepKeyed(answerWords.nextStepAwaitingApproval);
  }
  return {
    ...account,
    state: 'ACTIVE',
    accessType: 'CUSTOMER_EMPLOYEE',
    organizationId: organization.organizationId,
    organizationName: organization.name,
    role: invitation.role,
    joinRequest: undefined,
    partnerOrganization: undefined,
    updatedAt: now.toISOString(),
    revision: account.revision + 1,
  };
}

/** The invitation after a resend: a new token and expiry, the send counted. */
export function resent(
  invitation: Invitation,
  tokenHash: string,
  sentAt: readonly number[],
  now: Date,
): Invitation {
  return { ...invitation, tokenHash, sentAt, expiresAt: invitationExpiry(now) };
}
