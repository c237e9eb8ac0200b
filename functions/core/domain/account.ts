import type { EmailDomainKind } from './email-domain-kind';
import type { AccountSuspension } from './identity-drift';
import type { Locale } from '../i18n/locale';

export const ONBOARDING_STATES = [
  'VERIFY_EMAIL',
  'CHOOSE_ACCESS_TYPE',
  'REGISTER_BUSINESS',
  'PARTNER_REFERRED',
  'CHOOSE_ORGANIZATION',
  'ORGANIZATION_REQUIRED',
  'PENDING_ORGANIZATION',
  'AWAITING_APPROVAL',
  'INVITATION_REQUIRED',
  'ACTIVE',
] as const;
export type OnboardingState = (typeof ONBOARDING_STATES)[number];

export type AccessType = 'CUSTOMER_EMPLOYEE' | 'PARTNER';
export type AccessLevel = 'LIMITED' | 'FULL';
export type MemberRole = 'MEMBER' | 'ADMINISTRATOR';

export interface PostalAddress {
  readonly line1: string;
  readonly line2?: string | undefined;
  readonly city: string;
  readonly region?: string | undefined;
  readonly postalCode: string;
}

export interface BusinessRegistration {
  readonly companyName: string;
  readonly jobTitle: string;
  readonly phone: string;
  readonly address: PostalAddress;
  readonly country: string;
  readonly submittedAt: string;
}

/** A person's Portico account: the onboarding record kept beside their Cognito user. */
export interface Account {
  /** Cognito `sub`. */
  readonly userId: string;
  readonly email: string;
  readonly emailDomain: string;
  readonly emailDomainKind: EmailDomainKind;
  readonly firstName: string;
  readonly lastName: string;
  readonly country: string;
  /** The language of every email to this person (docs/languages.md); absent on accounts made before: en. */
  readonly locale?: Locale | undefined;
  readonly state: OnboardingState;
  readonly accessType?: AccessType | undefined;
  readonly registration?: BusinessRegistration | undefined;
  readonly organizationId?: string | undefined;
  readonly organizationName?: string | undefined;
  readonly role?: MemberRole | undefined;
  /**
   * The person's choice about the weekly support-expiry digest (also kept on their membership, where the job
   * reads it); undefined: the default of their role (domain/support-digest.ts receivesDigest).
   */
  readonly supportDigest?: boolean | undefined;
  /** PARTNER access: the partner organization that owns the email domain, when one does. */
  readonly partnerOrganization?: { readonly organizationId: string; readonly name: string } | undefined;
  /** The organization request this person submitted or was attached to (kept after it closes, to show why). */
  readonly organizationRequestId?: string | undefined;
  /**
   * AWAITING_APPROVAL: the organization whose administrators decide this person's join request
   * (domain/membership-policy.ts).
   */
  readonly joinRequest?:
    | { readonly organizationId: string; readonly organizationName: string; readonly requestedAt: string }
    | undefined;
  /** The state this person was last reminded to finish; one reminder per state. */
  readonly remindedIn?: OnboardingState | undefined;
  /**
   * When the stored reminder entry (byDue index) comes due: set once, when a reminder is first due, then kept
   * as the account changes; only remind-stalled-onboarding moves or drops it (see reminderScheduleOf).
   */
  readonly reminderDueAt?: string | undefined;
  /** Set by identity reconciliation while the person's Cognito user is disabled (domain/identity-drift.ts). */
  readonly suspension?: AccountSuspension | undefined;
  /**
   * The address item (`EMAIL#<address>` / `OWNER`) names this account at its address: set by verification, by a
   * re-link and by reconciliation's backfill (docs/identity.md), so a pass over the pool claims the item of an
   * account verified before address items (or by a password reset) once, and then never again. A cache: when it
   * is missing, the next pass claims again (the claim is idempotent).
   */
  readonly ownsAddressItem?: boolean | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Incremented on every write; guards against lost updates. */
  readonly revision: number;
}
