import { z } from 'zod';
import { ONBOARDING_STATES } from '../../domain/account';

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
});
