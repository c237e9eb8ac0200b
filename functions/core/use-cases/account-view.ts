import { localeOr, type Locale } from '../i18n/locale';
import * as answerWords from '../i18n/answers/compiled/index';
import type { Account, OnboardingState } from '../domain/account';
import { type Suppression, undeliverableRestriction } from '../domain/email-suppression';
import { accessLevelOf, nextStepOf, nextStepWordsOf, type NextStep } from '../domain/onboarding';
import { partnerProgrammeReferences, type PartnerProgrammeReferences } from '../domain/partner-programme';
import type { OrganizationRequest } from '../domain/organization-request';
import { requesterRequestView } from './organization-request-view';
import { supportDigestChoiceOf } from './portal/support-digest';

/** Who reads an account view: where the portal is, and the language of its words (English when absent). */
export interface AccountReader {
  readonly portalUrl: string;
  readonly locale?: Locale | undefined;
}

/**
 * How an account is shown to its owner (GET /v1/me and the answers of the onboarding routes). The words meant
 * for the person (the next step, restrictions, the partner programme) are in the reader's language; English
 * keeps the domain's own text.
 */
export function accountView(
  account: Account,
  /** The reader, or the portal's URL alone (English). */
  reader: AccountReader | string,
  request?: OrganizationRequest,
  /** The address's suppression entry (GET /v1/me reads it; the onboarding answers do not). */
  suppression?: Suppression,
) {
  const { portalUrl, locale = 'en' } = typeof reader === 'string' ? { portalUrl: reader } : reader;
  const restrictions: { code: string; detail: string; since?: string }[] =
    account.emailDomainKind === 'WORK'
      ? []
      : [
          {
            code: 'WORK_EMAIL_REQUIRED',
            detail:
              locale === 'en'
                ? `${account.emailDomain} is a ${account.emailDomainKind === 'DISPOSABLE' ? 'disposable' : 'personal'} email service: this account stays limited and cannot obtain company access. Sign up with your work email for that.`
                : answerWords.workEmailRestriction(locale, {
                    domain: account.emailDomain,
                    kind: account.emailDomainKind,
                  }),
          },
        ];
  if (suppression) {
    const restriction = undeliverableRestriction(suppression);
    restrictions.push(
      locale === 'en'
        ? restriction
        : {
            ...restriction,
            detail: answerWords.undeliverableRestriction(locale, {
              reason: suppression.reason,
              date: suppression.at.slice(0, 10),
            }),
          },
    );
  }
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
    nextStep: nextStepIn(account.state, locale),
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
          partnerProgramme: partnerProgrammeIn(partnerProgrammeReferences(portalUrl), locale),
          partnerOrganization: account.partnerOrganization ?? null,
        }
      : {}),
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

export type AccountView = ReturnType<typeof accountView>;

/** The next step from `state` in `locale` (the description is for the person; step, method and path stay). */
export function nextStepIn(state: OnboardingState, locale: Locale): NextStep {
  const step = nextStepOf(state);
  return locale === 'en' ? step : { ...step, description: nextStepWordsOf(state)(locale) };
}

function partnerProgrammeIn(
  references: PartnerProgrammeReferences,
  locale: Locale,
): PartnerProgrammeReferences {
  if (locale === 'en') return references;
  return {
    ...references,
    description: answerWords.partnerProgrammeDescription(locale),
    links: references.links.map((link) => ({
      ...link,
      title: answerWords.partnerLink(locale, { rel: link.rel }),
    })),
  };
}
