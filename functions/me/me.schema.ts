import * as z from 'zod/mini';
import { ONBOARDING_STATES } from '../core/domain/account';
import { REVIEW_STAGES } from '../core/domain/organization-request';
import { countryOf, described, instant, locale, postalAddressAnswer } from '../http/fields';

/**
 * The answers of the onboarding routes (`/v1/me…`, `/v1/signup/verify`, `/v1/organization-requests`): the
 * account as its owner sees it (functions/core/use-cases/account-view.ts), as factories marked
 * `@__NO_SIDE_EFFECTS__` (see functions/http/fields.ts) so a function builds only those its route declares.
 */

export const ACCESS_TYPES = ['CUSTOMER_EMPLOYEE', 'PARTNER'] as const;

/* @__NO_SIDE_EFFECTS__ */
function onboardingState(description: string) {
  return z.enum(ONBOARDING_STATES).check(z.meta({ description }));
}

/* @__NO_SIDE_EFFECTS__ */
function accessLevel() {
  return z
    .enum(['LIMITED', 'FULL'])
    .check(z.meta({ description: 'FULL once the account is ACTIVE in an organization; LIMITED before' }));
}

/** Where the person resumes: the step and, when it is an API call, its method and path. */
/* @__NO_SIDE_EFFECTS__ */
function nextStep() {
  return z
    .strictObject({
      step: z.enum([...ONBOARDING_STATES, 'OPEN_PORTAL']),
      method: z.optional(z.enum(['GET', 'POST', 'PUT'])),
      path: z.optional(described('The API path of the step')),
      description: described('What to do next, to show to the person'),
    })
    .check(z.meta({ description: 'The next step of the onboarding, and the call that takes it' }));
}

/** An organization request as the people waiting for it see it (never who reviewed it, nor their notes). */
/* @__NO_SIDE_EFFECTS__ */
export function requesterRequestAnswer() {
  return z
    .strictObject({
      requestId: z.string(),
      stage: z.enum(REVIEW_STAGES).check(z.meta({ description: 'Where the review is' })),
      domain: described('The email domain the organization will own'),
      organization: z.strictObject({
        legalName: z.string(),
        country: countryOf('Country of the organization'),
        website: z.string(),
      }),
      submittedAt: instant('When the request was submitted'),
      decisionExpectedBy: z.nullable(instant('When the review escalates if nobody has decided by then')),
      expiresAt: z.nullable(instant('When the request expires undecided')),
      outcome: z.nullable(
        z.strictObject({
          decision: z.enum(['APPROVED', 'REJECTED']),
          decidedAt: instant('When it was decided'),
          reason: z.optional(z.nullable(described('Why it was rejected (REJECTED only)'))),
        }),
      ),
      closedReason: z.nullable(described('Why the request closed without a decision')),
      mergedInto: z.optional(described('The request this one joined (MERGED)')),
    })
    .check(z.meta({ description: 'Your organization request and its review' }));
}

/** The account as its owner sees it (GET /v1/me and the answers of the onboarding writes). */
/* @__NO_SIDE_EFFECTS__ */
export function accountAnswer() {
  return z
    .strictObject({
      userId: described('The Cognito user id (sub)'),
      email: z.email(),
      firstName: z.string(),
      lastName: z.string(),
      country: countryOf('Country of the person'),
      locale: locale('The language of the emails and messages to this person (PUT /v1/me/locale changes it)'),
      emailVerified: z.boolean(),
      state: onboardingState('Where the account is in the onboarding'),
      accessLevel: accessLevel(),
      nextStep: nextStep(),
      accessType: z.nullable(z.enum(ACCESS_TYPES)),
      emailDomain: z.strictObject({
        domain: z.string(),
        kind: z
          .enum(['WORK', 'PERSONAL', 'DISPOSABLE'])
          .check(z.meta({ description: 'Only a WORK domain can obtain company access' })),
      }),
      restrictions: z
        .array(
          z.strictObject({
            code: described('e.g. WORK_EMAIL_REQUIRED, EMAIL_UNDELIVERABLE'),
            detail: described('To show to the person'),
            since: z.optional(
              instant('Since when it applies (EMAIL_UNDELIVERABLE: when SES reported the address)'),
            ),
          }),
        )
        .check(z.meta({ description: 'What keeps this account limited beyond its state' })),
      registration: z.nullable(
        z.strictObject({
          companyName: z.string(),
          jobTitle: z.string(),
          phone: z.string(),
          address: postalAddressAnswer(),
          country: countryOf('Country of the company'),
          submittedAt: instant('When the registration was submitted'),
        }),
      ),
      organization: z.nullable(
        z.strictObject({
          organizationId: z.string(),
          name: z.string(),
          role: z.enum(['MEMBER', 'ADMINISTRATOR']),
          supportDigest: supportDigestChoiceAnswer(),
        }),
      ),
      organizationRequest: z.nullable(requesterRequestAnswer()),
      joinRequest: z.nullable(
        z
          .strictObject({
            organizationId: z.string(),
            organizationName: z.string(),
            requestedAt: instant('When the request was filed'),
          })
          .check(
            z.meta({
              description: 'AWAITING_APPROVAL: the organization whose administrators decide your request',
            }),
          ),
      ),
      partnerProgramme: z.optional(
        z
          .strictObject({
            programme: z.string(),
            description: z.string(),
            links: z.array(z.strictObject({ rel: z.string(), title: z.string(), href: z.string() })),
          })
          .check(z.meta({ description: 'Partners only: where partner access starts' })),
      ),
      partnerOrganization: z.optional(
        z.nullable(z.strictObject({ organizationId: z.string(), name: z.string() })),
      ),
      createdAt: instant('When the account was created'),
      updatedAt: instant('When the account last changed'),
    })
    .check(z.meta({ description: 'Your account: its state, next step, access level and restrictions' }));
}

/** The account just after its email was verified (POST /v1/signup/verify, which has no token yet). */
/* @__NO_SIDE_EFFECTS__ */
export function verifiedAnswer() {
  return z
    .strictObject({
      email: z.email(),
      emailVerified: z.literal(true),
      state: onboardingState('Where the account is now'),
      accessLevel: accessLevel(),
      nextStep: nextStep(),
    })
    .check(z.meta({ description: 'The account is verified: sign in and take the next step' }));
}

/** A division a person may choose when several organizations share their email domain. */
/* @__NO_SIDE_EFFECTS__ */
export function organizationCandidate() {
  return z.strictObject({
    organizationId: z.string(),
    name: z.string(),
    city: z.string(),
    country: countryOf('Country of the organization'),
  });
}

/** The person's digest choice, as GET /v1/me shows it under `organization.supportDigest`. */
/* @__NO_SIDE_EFFECTS__ */
export function supportDigestChoiceAnswer() {
  return z
    .strictObject({
      enabled: z
        .boolean()
        .check(z.meta({ description: 'Whether the weekly digest is emailed to this person' })),
      isDefault: z
        .boolean()
        .check(
          z.meta({ description: 'True while the person never chose: administrators get it, members do not' }),
        ),
    })
    .check(z.meta({ description: 'The weekly support-expiry digest: on or off' }));
}
