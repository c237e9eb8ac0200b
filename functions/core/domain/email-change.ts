import { ConflictError, ForbiddenError, namedOrganization, ValidationError } from '../errors';
import type { Account, OnboardingState } from './account';
import { canObtainCompanyAccess, type EmailDomainKind } from './email-domain-kind';
import { nextStepOf } from './onboarding';
import type { JoinMatch } from './membership-policy';
import type { Organization } from './organization';
import * as problemDetails from '../i18n/details/compiled/index';
import * as answerWords from '../i18n/answers/compiled/index';

/**
 * A person's change of email address (issue 14), as pure rules: who may change, whether the change takes them
 * out of their organization, and the account after it. The domain of the new address re-decides the
 * organization by the rules of registration (docs/account.md, "Change email address").
 */

export interface NewAddress {
  readonly email: string;
  readonly domain: string;
  readonly kind: EmailDomainKind;
}

/** The states whose organization is decided by the email domain, once a business registration exists. */
const MATCHED_STATES: ReadonlySet<OnboardingState> = new Set([
  'ACTIVE',
  'REGISTER_BUSINESS',
  'CHOOSE_ORGANIZATION',
  'ORGANIZATION_REQUIRED',
  'INVITATION_REQUIRED',
]);

/** Refuses a change of address the account cannot take now (400, 403 or 409). */
export function assertMayChangeEmail(account: Account, email: string): void {
  if (account.email === email) {
    throw new ValidationError('This is already your email address.', [
      { pointer: '/newEmail', detail: 'is already the address of your account' },
    ]).keyed(problemDetails.alreadyYourEmail);
  }
  if (account.state === 'VERIFY_EMAIL') {
    throw new ForbiddenError('email-not-verified', 'Verify your email address first.', {
      nextStep: nextStepOf(account.state),
    })
      .keyed(problemDetails.verifyEmailFirst)
      .nextStepKeyed(answerWords.nextStepVerifyEmail);
  }
  if (account.state === 'PENDING_ORGANIZATION') {
    throw new ConflictError(
      'organization-under-review',
      'Your organization request is being reviewed for your current email domain. Change your address once it is decided.',
      { nextStep: nextStepOf(account.state), organizationRequestId: account.organizationRequestId },
    )
      .keyed(problemDetails.emailChangeUnderReview)
      .nextStepKeyed(answerWords.nextStepPendingOrganization);
  }
  if (account.state === 'AWAITING_APPROVAL') {
    throw new ConflictError(
      'join-request-pending',
      `Your request to join ${account.joinRequest?.organizationName ?? 'your organization'} waits for its administrators. Change your address once they decide.`,
      { nextStep: nextStepOf(account.state), joinRequest: account.joinRequest },
    )
      .keyed(problemDetails.emailChangeJoinPending, namedOrganization(account.joinRequest?.organizationName))
      .nextStepKeyed(answerWords.nextStepAwaitingApproval);
  }
}

/** Whether the new domain takes an active member out of their organization (it does not own that domain). */
export function leavesOrganization(account: Account, domain: string, organization?: Organization): boolean {
  if (account.state !== 'ACTIVE' || !account.organizationId) return false;
  return !organization?.domains.includes(domain);
}

/**
 * Refuses (409) to take the last administrator out of an organization that has other members: they promote
 * someone first. `organization` is the profile as read (with its counts); the store's transaction holds the
 * same rule as its condition, so a race cannot break it.
 */
export function assertMayLeave(account: Account, organization: Organization | undefined): void {
  if (account.role !== 'ADMINISTRATOR' || !organization) return;
  if ((organization.administratorCount ?? 0) <= 1 && (organization.memberCount ?? 0) > 1) {
    throw lastAdministrator(organization.name);
  }
}

export function lastAdministrator(organizationName?: string): ConflictError {
  return new ConflictError(
    'last-administrator',
    `You are the last administrator of ${organizationName ?? 'your organization'}, which has other members. Make another member an administrator first.`,
  ).keyed(problemDetails.lastAdministratorOf, namedOrganization(organizationName));
}

/** Whether the organization is decided anew by the new domain (and `match` is needed for it). */
export function rematches(account: Account, leaving: boolean): boolean {
  if (account.state === 'ACTIVE') return leaving;
  return MATCHED_STATES.has(account.state) && account.registration !== undefined;
}

/**
 * The account at its new address. The organization is re-decided when `rematches` says so: a personal or
 * disposable address stays LIMITED at registration (with its restriction); else several owners → choose one,
 * none → an organization request, owners admitting by invitation only → INVITATION_REQUIRED, exactly one →
 * REGISTER_BUSINESS here, from which the use case joins it by its policy (joinByPolicy, as registration does). A partner's organization is the one owning the new domain.
 */
export function withNewAddress(
  account: Account,
  address: NewAddress,
  now: Date,
  options: { readonly leaving: boolean; readonly match?: JoinMatch | undefined },
): Account {
  const base: Account = {
    ...account,
    email: address.email,
    emailDomain: address.domain,
    emailDomainKind: address.kind,
    updatedAt: now.toISOString(),
    revision: account.revision + 1,
  };
  if (account.state === 'PARTNER_REFERRED') {
    const match = options.match;
    const partner =
      match?.outcome === 'SINGLE' && canObtainCompanyAccess(address.kind)
        ? { organizationId: match.organization.organizationId, name: match.organization.name }
        : undefined;
    return { ...base, partnerOrganization: partner };
  }
  if (!rematches(account, options.leaving)) return base;
  const state: OnboardingState =
    !canObtainCompanyAccess(address.kind) || !options.match || options.match.outcome === 'SINGLE'
      ? 'REGISTER_BUSINESS'
      : options.match.outcome === 'SEVERAL'
        ? 'CHOOSE_ORGANIZATION'
        : options.match.outcome === 'INVITATION_ONLY'
          ? 'INVITATION_REQUIRED'
          : 'ORGANIZATION_REQUIRED';
  return { ...base, state, organizationId: undefined, organizationName: undefined, role: undefined };
}
