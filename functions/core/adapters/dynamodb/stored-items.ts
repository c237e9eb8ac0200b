import * as z from 'zod/mini';
import { ONBOARDING_STATES } from '../../domain/account';
import { MEMBERSHIP_POLICIES } from '../../domain/membership-policy';
import { CODE_PURPOSES } from '../../domain/one-time-code';
import { LOCALES } from '../../i18n/locale';
import { REVIEW_STAGES } from '../../domain/organization-request';

/**
 * Schemas of the items as stored, checked on every read so a malformed item fails loudly here instead of
 * somewhere in a rule. Keys and bookkeeping attributes are dropped by these parsers.
 */

const postalAddress = z.object({
  line1: z.string(),
  line2: z.optional(z.string()),
  city: z.string(),
  region: z.optional(z.string()),
  postalCode: z.string(),
});

export const storedAccount = z.object({
  userId: z.string(),
  email: z.string(),
  emailDomain: z.string(),
  emailDomainKind: z.enum(['WORK', 'PERSONAL', 'DISPOSABLE']),
  firstName: z.string(),
  lastName: z.string(),
  country: z.string(),
  locale: z.optional(z.enum(LOCALES)),
  state: z.enum(ONBOARDING_STATES),
  accessType: z.optional(z.enum(['CUSTOMER_EMPLOYEE', 'PARTNER'])),
  registration: z.optional(
    z.object({
      companyName: z.string(),
      jobTitle: z.string(),
      phone: z.string(),
      address: postalAddress,
      country: z.string(),
      submittedAt: z.string(),
    }),
  ),
  organizationId: z.optional(z.string()),
  organizationName: z.optional(z.string()),
  role: z.optional(z.enum(['MEMBER', 'ADMINISTRATOR'])),
  supportDigest: z.optional(z.boolean()),
  partnerOrganization: z.optional(z.object({ organizationId: z.string(), name: z.string() })),
  organizationRequestId: z.optional(z.string()),
  joinRequest: z.optional(
    z.object({ organizationId: z.string(), organizationName: z.string(), requestedAt: z.string() }),
  ),
  remindedIn: z.optional(z.enum(ONBOARDING_STATES)),
  reminderDueAt: z.optional(z.string()),
  suspension: z.optional(z.object({ reason: z.enum(['IDENTITY_DISABLED']), since: z.string() })),
  ownsAddressItem: z.optional(z.boolean()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.int(),
});

export const storedCodeState = z.object({
  email: z.string(),
  userId: z.optional(z.string()),
  purpose: z.optional(z.enum(CODE_PURPOSES)),
  greetingName: z.optional(z.string()),
  locale: z.optional(z.enum(LOCALES)),
  codeHash: z.optional(z.string()),
  expiresAt: z.optional(z.number()),
  attempts: z.int(),
  sentAt: z.array(z.number()),
  version: z.int(),
});

export const storedPasswordAttempts = z.object({
  userId: z.string(),
  failures: z.int(),
  lockedUntil: z.number(),
  lastTryAt: z.number(),
  version: z.int(),
});

export const storedOrganization = z.object({
  organizationId: z.string(),
  name: z.string(),
  kind: z.enum(['CUSTOMER', 'PARTNER']),
  status: z.enum(['ACTIVE', 'PENDING', 'SUSPENDED']),
  city: z.string(),
  country: z.string(),
  domains: z.array(z.string()),
  /** On the profile item only (see Organization). */
  administratorCount: z.optional(z.int()),
  address: z.optional(postalAddress),
  divisionOf: z.optional(z.string()),
  revision: z.optional(z.int()),
  memberCount: z.optional(z.int()),
  membershipPolicy: z.optional(z.enum(MEMBERSHIP_POLICIES)),
});

export const storedInvitation = z.object({
  organizationId: z.string(),
  invitationId: z.string(),
  email: z.string(),
  role: z.enum(['MEMBER', 'ADMINISTRATOR']),
  allowOutsideDomain: z.boolean(),
  tokenHash: z.string(),
  invitedBy: z.object({ userId: z.string(), email: z.string() }),
  invitedAt: z.string(),
  expiresAt: z.string(),
  sentAt: z.array(z.number()),
});

export const storedJoinRequest = z.object({
  organizationId: z.string(),
  userId: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string(),
  requestedAt: z.string(),
});

const reviewStage = z.enum(REVIEW_STAGES);

export const storedOrganizationRequest = z.object({
  requestId: z.string(),
  domain: z.string(),
  organization: z.object({
    legalName: z.string(),
    address: postalAddress,
    country: z.string(),
    website: z.string(),
    phone: z.string(),
    taxId: z.optional(z.string()),
    dunsNumber: z.optional(z.string()),
  }),
  organizationId: z.string(),
  requesters: z.array(
    z.object({
      userId: z.string(),
      email: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      locale: z.optional(z.enum(LOCALES)),
      requestedAt: z.string(),
    }),
  ),
  stage: reviewStage,
  submittedAt: z.string(),
  updatedAt: z.string(),
  escalateAt: z.optional(z.string()),
  expiresAt: z.optional(z.string()),
  decision: z.optional(
    z.object({
      outcome: z.enum(['APPROVED', 'REJECTED']),
      reason: z.optional(z.string()),
      note: z.optional(z.string()),
      decidedBy: z.object({ userId: z.string(), email: z.string() }),
      decidedAt: z.string(),
    }),
  ),
  mergedInto: z.optional(z.string()),
  closedReason: z.optional(z.string()),
  attention: z.optional(z.object({ failedIn: reviewStage, error: z.string(), at: z.string() })),
  acknowledged: z.array(z.string()),
  reviewersNotified: z.boolean(),
  notified: z.array(z.string()),
  workflowStarts: z.int(),
  history: z.array(
    z.object({
      at: z.string(),
      event: z.string(),
      detail: z.optional(z.string()),
      by: z.optional(z.string()),
    }),
  ),
  revision: z.int(),
});

export const storedErasure = z.object({
  erasureId: z.string(),
  organizationId: z.optional(z.string()),
  erasedAt: z.string(),
  pending: z.optional(z.object({ userId: z.string(), email: z.string() })),
});

/** A suppression-list entry (suppression.list.ts). */
export const storedSuppression = z.object({
  email: z.string(),
  reason: z.enum(['BOUNCE', 'COMPLAINT']),
  detail: z.optional(z.string()),
  at: z.string(),
  feedbackId: z.string(),
});
