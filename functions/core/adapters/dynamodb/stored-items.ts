import * as z from 'zod';
import { ONBOARDING_STATES } from '../../domain/account';
import { REVIEW_STAGES } from '../../domain/organization-request';

/**
 * Schemas of the items as stored, checked on every read so a malformed item fails loudly here instead of
 * somewhere in a rule. Keys and bookkeeping attributes are dropped by these parsers.
 */

const postalAddress = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
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
  state: z.enum(ONBOARDING_STATES),
  accessType: z.enum(['CUSTOMER_EMPLOYEE', 'PARTNER']).optional(),
  registration: z
    .object({
      companyName: z.string(),
      jobTitle: z.string(),
      phone: z.string(),
      address: postalAddress,
      country: z.string(),
      submittedAt: z.string(),
    })
    .optional(),
  organizationId: z.string().optional(),
  organizationName: z.string().optional(),
  role: z.enum(['MEMBER', 'ADMINISTRATOR']).optional(),
  partnerOrganization: z.object({ organizationId: z.string(), name: z.string() }).optional(),
  organizationRequestId: z.string().optional(),
  remindedIn: z.enum(ONBOARDING_STATES).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().int(),
});

export const storedCodeState = z.object({
  email: z.string(),
  userId: z.string().optional(),
  greetingName: z.string().optional(),
  codeHash: z.string().optional(),
  expiresAt: z.number().optional(),
  attempts: z.number().int(),
  sentAt: z.array(z.number()),
  version: z.number().int(),
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
  administratorCount: z.number().int().optional(),
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
    taxId: z.string().optional(),
    dunsNumber: z.string().optional(),
  }),
  organizationId: z.string(),
  requesters: z.array(
    z.object({
      userId: z.string(),
      email: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      requestedAt: z.string(),
    }),
  ),
  stage: reviewStage,
  submittedAt: z.string(),
  updatedAt: z.string(),
  escalateAt: z.string().optional(),
  expiresAt: z.string().optional(),
  decision: z
    .object({
      outcome: z.enum(['APPROVED', 'REJECTED']),
      reason: z.string().optional(),
      note: z.string().optional(),
      decidedBy: z.object({ userId: z.string(), email: z.string() }),
      decidedAt: z.string(),
    })
    .optional(),
  mergedInto: z.string().optional(),
  closedReason: z.string().optional(),
  attention: z.object({ failedIn: reviewStage, error: z.string(), at: z.string() }).optional(),
  acknowledged: z.array(z.string()),
  reviewersNotified: z.boolean(),
  notified: z.array(z.string()),
  workflowStarts: z.number().int(),
  history: z.array(
    z.object({
      at: z.string(),
      event: z.string(),
      detail: z.string().optional(),
      by: z.string().optional(),
    }),
  ),
  revision: z.number().int(),
});
