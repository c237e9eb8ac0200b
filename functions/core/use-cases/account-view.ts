import { localeOr } from '../i18n/locale';
import type { Account } from '../domain/account';
import { type Suppression, undeliverableRestriction } from '../domain/email-suppression';
import { accessLevelOf, nextStepOf } from '../domain/onboarding';
import { partnerProgrammeReferences } from '../domain/partner-programme';
import type { OrganizationRequest } from '../domain/organization-request';
import { requesterRequestView } from './organization-request-view';
import { supportDigestChoiceOf } from './portal/support-digest';

/** How an account is shown to its owner (GET /v1/me and the answers of the onboarding routes). */
export function accountView(
  account: Account,
  portalUrl: string,
  request?: OrganizationRequest,
  /** The address's suppression entry (GET /v1/me reads it; the onboarding answers do not). */
  suppression?: Suppression,
) {
  const restrictions: { code: string; detail: string; since?: string }[] =
    account.emailDomainKind === 'WORK'
      ? []
      : [
          {
            code: 'WORK_EMAIL_REQUIRED',
            detail: `${account.emailDomain} is a ${account.emailDomainKind === 'DISPOSABLE' ? 'disposable' : 'personal'} email service: this account stays limited and cannot obtain company access. Sign up with your work email for that.`,
          },
        ];
  if (suppression) restrictions.push(undeliverableRestriction(suppression));
  return {
    userId: account.userId,
    email: account.email,
    firstName: account.firstName,
    lastName: account.lastName,
    country: account.country,
    locale: localeOr(account.locale),
    emailVerified: account.state !== 'VERIFY_EMAIL',
    state: account.state,
    accessLevel: accessLevelOf(account.state),
    nextStep: nextStepOf(account.state),
    accessType: account.accessType ?? null,
    emailDomain: { domain: account.emailDomain, kind: account.emailDomainKind },
    restrictions,
    registration: account.registration ?? null,
    organization:
      account.organizationId && account.organizationName
        ? {
            organizationId: account.organizationId,
            name: account.organizationName,
            role: account.role ?? 'MEMBER',
            supportDigest: supportDigestChoiceOf(account.role ?? 'MEMBER', account.supportDigest),
          }
        : null,
    organizationRequest: request ? requesterRequestView(request) : null,
    joinRequest:
      account.state === 'AWAITING_APPROVAL' && account.joinRequest ? { ...account.joinRequest } : null,
    ...(account.accessType === 'PARTNER'
      ? {
          partnerProgramme: partnerProgrammeReferences(portalUrl),
          partnerOrganization: account.partnerOrganization ?? null,
        }
      : {}),
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

export type AccountView = ReturnType<typeof accountView>;
