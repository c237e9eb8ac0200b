import type { Account } from '../domain/account';
import { accessLevelOf, nextStepOf } from '../domain/onboarding';
import { partnerProgrammeReferences } from '../domain/partner-programme';
import type { OrganizationRequest } from '../domain/organization-request';
import { requesterRequestView } from './organization-request-view';

/** How an account is shown to its owner (GET /v1/me and the answers of the onboarding routes). */
export function accountView(account: Account, portalUrl: string, request?: OrganizationRequest) {
  const restrictions =
    account.emailDomainKind === 'WORK'
      ? []
      : [
          {
            code: 'WORK_EMAIL_REQUIRED',
            detail: `${account.emailDomain} is a ${account.emailDomainKind === 'DISPOSABLE' ? 'disposable' : 'personal'} email service: this account stays limited and cannot obtain company access. Sign up with your work email for that.`,
          },
        ];
  return {
    userId: account.userId,
    email: account.email,
    firstName: account.firstName,
    lastName: account.lastName,
    country: account.country,
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
          }
        : null,
    organizationRequest: request ? requesterRequestView(request) : null,
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
