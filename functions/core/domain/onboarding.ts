import {
  ConflictError,
  type DetailMessage,
  ForbiddenError,
  namedOrganization,
  UnprocessableError,
} from '../errors';
import type {
  AccessLevel,
  AccessType,
  Account,
  BusinessRegistration,
  MemberRole,
  OnboardingState,
} from './account';
import { canObtainCompanyAccess } from './email-domain-kind';
import type { JoinMatch } from './membership-policy';
import { roleOnJoining, type Organization, type OrganizationMatch } from './organization';
import * as problemDetails from '../i18n/details/compiled/index';
import * as answerWords from '../i18n/answers/compiled/index';

/**
 * The onboarding state machine of one account. Each transition takes an account and returns the next one, or
 * throws the error the API shows. Nothing here touches storage.
 *
 *   VERIFY_EMAIL → CHOOSE_ACCESS_TYPE → REGISTER_BUSINESS → ACTIVE                  (one organization owns the domain)
 *                                     ↘ PARTNER_REFERRED   ↘ CHOOSE_ORGANIZATION → ACTIVE (several do)
 *                                                          ↘ ORGANIZATION_REQUIRED → PENDING_ORGANIZATION (none does)
 *   PENDING_ORGANIZATION → ACTIVE (approved) | REGISTER_BUSINESS (rejected, expired, or an owner appeared)
 *   REGISTER_BUSINESS → AWAITING_APPROVAL (the one owner's policy is APPROVAL: a join request) → ACTIVE (approved)
 *   REGISTER_BUSINESS → INVITATION_REQUIRED (every owner admits by invitation only; registering again re-decides)
 * Every state but ACTIVE is LIMITED access; a person can stop anywhere and resume at the same step.
 */

export interface NextStep {
  readonly step: OnboardingState | 'OPEN_PORTAL';
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly path?: string;
  readonly description: string;
}

const NEXT_STEPS: Record<OnboardingState, NextStep> = {
  VERIFY_EMAIL: {
    step: 'VERIFY_EMAIL',
    method: 'POST',
    path: '/v1/signup/verify',
    description: 'Enter the 6-digit code we emailed you (POST /v1/signup/resend sends a new one).',
  },
  CHOOSE_ACCESS_TYPE: {
    step: 'CHOOSE_ACCESS_TYPE',
    method: 'PUT',
    path: '/v1/me/access-type',
    description: 'Tell us whether you work for a customer organization or for a partner.',
  },
  REGISTER_BUSINESS: {
    step: 'REGISTER_BUSINESS',
    method: 'PUT',
    path: '/v1/me/registration',
    description: 'Submit your business registration details.',
  },
  PARTNER_REFERRED: {
    step: 'PARTNER_REFERRED',
    description:
      'Partner access goes through the partner programme; see partnerProgramme for where to start.',
  },
  CHOOSE_ORGANIZATION: {
    step: 'CHOOSE_ORGANIZATION',
    method: 'PUT',
    path: '/v1/me/organization',
    description: 'Several organizations use your email domain: choose the division you belong to.',
  },
  ORGANIZATION_REQUIRED: {
    step: 'ORGANIZATION_REQUIRED',
    method: 'POST',
    path: '/v1/organization-requests',
    description: 'No organization uses your email domain yet: submit your organization for review.',
  },
  PENDING_ORGANIZATION: {
    step: 'PENDING_ORGANIZATION',
    method: 'GET',
    path: '/v1/me',
    description:
      'Your organization is being reviewed; we email you when it is decided. organizationRequest shows its stage.',
  },
  AWAITING_APPROVAL: {
    step: 'AWAITING_APPROVAL',
    method: 'GET',
    path: '/v1/me',
    description:
      "Your request to join your organization waits for its administrators' approval; we email you when they decide. joinRequest names the organization.",
  },
  INVITATION_REQUIRED: {
    step: 'INVITATION_REQUIRED',
    method: 'GET',
    path: '/v1/me',
    description:
      'Your organization admits people by invitation only: ask your administrator to invite you, then open the link in the invitation email.',
  },
  ACTIVE: {
    step: 'OPEN_PORTAL',
    method: 'GET',
    path: '/v1/portal/summary',
    description: 'Your business account is active.',
  },
};

export function accessLevelOf(state: OnboardingState): AccessLevel {
  return state === 'ACTIVE' ? 'FULL' : 'LIMITED';
}

export function nextStepOf(state: OnboardingState): NextStep {
  return NEXT_STEPS[state];
}

/**
 * The description of the next step from `state` in every language (functions/core/i18n/answers), for a state
 * known only at run time. This names all ten: where the step is known, name its message instead
 * (`answerWords.nextStepVerifyEmail`), so the function bundles that one only (docs/languages.md).
 */
export function nextStepWordsOf(state: OnboardingState): DetailMessage {
  switch (state) {
    case 'VERIFY_EMAIL':
      return answerWords.nextStepVerifyEmail;
    case 'CHOOSE_ACCESS_TYPE':
      return answerWords.nextStepChooseAccessType;
    case 'REGISTER_BUSINESS':
      return answerWords.nextStepRegisterBusiness;
    case 'PARTNER_REFERRED':
      return answerWords.nextStepPartnerReferred;
    case 'CHOOSE_ORGANIZATION':
      return answerWords.nextStepChooseOrganization;
    case 'ORGANIZATION_REQUIRED':
      return answerWords.nextStepOrganizationRequired;
    case 'PENDING_ORGANIZATION':
      return answerWords.nextStepPendingOrganization;
    case 'AWAITING_APPROVAL':
      return answerWords.nextStepAwaitingApproval;
    case 'INVITATION_REQUIRED':
      return answerWords.nextStepInvitationRequired;
    case 'ACTIVE':
      return answerWords.nextStepOpenPortal;
  }
}

function touched(account: Account, now: Date, changes: Partial<Account>): Account {
  return { ...account, ...changes, updatedAt: now.toISOString(), revision: account.revision + 1 };
}

function assertVerified(account: Account): void {
  if (account.state === 'VERIFY_EMAIL') {
    throw new ForbiddenError('email-not-verified', 'Verify your email address first.', {
      nextStep: nextStepOf(account.state),
    })
      .keyed(problemDetails.verifyEmailFirst)
      .nextStepKeyed(answerWords.nextStepVerifyEmail);
  }
}

function assertNotActive(account: Account): void {
  if (account.state === 'ACTIVE') {
    throw new ConflictError('already-active', 'Your business account is already active.').keyed(
      problemDetails.alreadyActive,
    );
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
  if (account.state === 'AWAITING_APPROVAL') {
    throw new ConflictError(
      'join-request-pending',
      `Your request to join ${account.joinRequest?.organizationName ?? 'your organization'} waits for its administrators; we email you when they decide.`,
      { nextStep: nextStepOf(account.state), joinRequest: account.joinRequest },
    )
      .keyed(problemDetails.joinRequestPending, namedOrganization(account.joinRequest?.organizationName))
      .nextStepKeyed(answerWords.nextStepAwaitingApproval);
  }
}

export function verifyEmail(account: Account, now: Date): Account {
  if (account.state !== 'VERIFY_EMAIL') return account;
  return touched(account, now, { state: 'CHOOSE_ACCESS_TYPE' });
}

/**
 * Records the access type. PARTNER leads to the partner programme (LIMITED), linked to the partner
 * organization that owns the email domain when there is exactly one (`partnerMatch`, found like a customer's).
 */
export function chooseAccessType(
  account: Account,
  accessType: AccessType,
  now: Date,
  partnerMatch: OrganizationMatch = { outcome: 'NONE' },
): Account {
  assertVerified(account);
  assertNotActive(account);
  const state: OnboardingState = accessType === 'PARTNER' ? 'PARTNER_REFERRED' : 'REGISTER_BUSINESS';
  const partner =
    accessType === 'PARTNER' &&
    partnerMatch.outcome === 'SINGLE' &&
    canObtainCompanyAccess(account.emailDomainKind)
      ? { organizationId: partnerMatch.organization.organizationId, name: partnerMatch.organization.name }
      : undefined;
  return touched(account, now, { accessType, state, registration: undefined, partnerOrganization: partner });
}

/** Checks that a registration may be submitted now; throws the reason it may not. */
export function assertCanRegisterBusiness(account: Account): void {
  assertVerified(account);
  assertNotActive(account);
  if (account.state === 'CHOOSE_ACCESS_TYPE' || account.accessType === undefined) {
    throw new ConflictError('access-type-required', 'Choose your access type first.', {
      nextStep: nextStepOf('CHOOSE_ACCESS_TYPE'),
    })
      .keyed(problemDetails.accessTypeRequired)
      .nextStepKeyed(answerWords.nextStepChooseAccessType);
  }
  if (account.accessType === 'PARTNER') {
    throw new ConflictError(
      'partner-access',
      'Partner accounts join through the partner programme; choose customer employee access to register a business.',
    ).keyed(problemDetails.partnerAccess);
  }
  if (!canObtainCompanyAccess(account.emailDomainKind)) {
    throw new UnprocessableError(
      'work-email-required',
      account.emailDomainKind === 'DISPOSABLE'
        ? `${account.emailDomain} is a disposable email service. Company access needs your work email address; sign up again with it.`
        : `${account.emailDomain} is a personal email service. Company access needs your work email address; sign up again with it. This account stays limited.`,
      { emailDomain: account.emailDomain, emailDomainKind: account.emailDomainKind },
    ).keyed(problemDetails.workEmailRequired, { domain: account.emailDomain, kind: account.emailDomainKind });
  }
}

/** Records the registration and moves to the state the domain match calls for (not yet ACTIVE). */
export function recordRegistration(
  account: Account,
  registration: BusinessRegistration,
  match: JoinMatch,
  now: Date,
): Account {
  assertCanRegisterBusiness(account);
  const state: OnboardingState =
    match.outcome === 'SEVERAL'
      ? 'CHOOSE_ORGANIZATION'
      : match.outcome === 'NONE'
        ? 'ORGANIZATION_REQUIRED'
        : match.outcome === 'INVITATION_ONLY'
          ? 'INVITATION_REQUIRED'
          : 'REGISTER_BUSINESS';
  return touched(account, now, { registration, state });
}

/**
 * The business account becomes active in the given organization: the portal opens. The first person to join an
 * organization without an administrator becomes its administrator: the role is the profile's (`roleOnJoining`,
 * when `organization` is the profile as read just now, with its `administratorCount`), or the one given. Either
 * way it is only a first try: the store refuses a member while the organization has no administrator, and a
 * second "first" administrator.
 */
export function activateMembership(
  account: Account,
  organization: Organization,
  now: Date,
  role: MemberRole = roleOnJoining(organization),
): Account {
  assertCanRegisterBusiness(account);
  if (!account.registration) {
    throw new ConflictError('registration-required', 'Submit your business registration first.').keyed(
      problemDetails.registrationRequired,
    );
  }
  if (
    !organization.domains.includes(account.emailDomain) ||
    organization.status !== 'ACTIVE' ||
    organization.kind !== 'CUSTOMER'
  ) {
    throw new ForbiddenError(
      'organization-not-available',
      'This organization does not accept your email domain.',
    ).keyed(problemDetails.domainNotAccepted);
  }
  return touched(account, now, {
    state: 'ACTIVE',
    organizationId: organization.organizationId,
    organizationName: organization.name,
    role,
  });
}

/** The person submitted (or joined) an organization request: LIMITED until it is decided. */
export function awaitOrganizationReview(account: Account, requestId: string, now: Date): Account {
  if (account.state !== 'ORGANIZATION_REQUIRED') {
    assertCanRegisterBusiness(account);
    throw new ConflictError(
      'organization-request-not-expected',
      'An organization request is only needed when no organization uses your email domain.',
      { nextStep: nextStepOf(account.state) },
    )
      .keyed(problemDetails.organizationRequestNotExpected)
      .nextStepKeyed(nextStepWordsOf(account.state));
  }
  assertCanRegisterBusiness(account);
  return touched(account, now, { state: 'PENDING_ORGANIZATION', organizationRequestId: requestId });
}

/** Another open request covers the same domain: the person now waits for that one. */
export function followOrganizationRequest(account: Account, requestId: string, now: Date): Account {
  return touched(account, now, { organizationRequestId: requestId });
}

/** Whether the account is still waiting for this very request. */
export function isWaitingFor(account: Account, requestId: string): boolean {
  return account.state === 'PENDING_ORGANIZATION' && account.organizationRequestId === requestId;
}

/** The reviewed organization was approved: the business account opens, with the given role. */
export function joinApprovedOrganization(
  account: Account,
  organization: Organization,
  role: MemberRole,
  now: Date,
): Account {
  if (organization.status !== 'ACTIVE' || !organization.domains.includes(account.emailDomain)) {
    throw new Error(`organization ${organization.organizationId} cannot take ${account.userId}`);
  }
  return touched(account, now, {
    state: 'ACTIVE',
    organizationId: organization.organizationId,
    organizationName: organization.name,
    role,
  });
}

/** The request was rejected or expired (or an owner of the domain appeared): back to registration. */
export function returnToRegistration(account: Account, now: Date): Account {
  return touched(account, now, { state: 'REGISTER_BUSINESS' });
}
