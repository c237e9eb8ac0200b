import * as z from 'zod/mini';
import { route } from '../http/route';

/** The export document (functions/core/use-cases/account/export-data.ts). */
/* @__NO_SIDE_EFFECTS__ */
function exportDocument() {
  const address = z.object({
    line1: z.string(),
    line2: z.optional(z.string()),
    city: z.string(),
    region: z.optional(z.string()),
    postalCode: z.string(),
  });
  return z.object({
    exportedAt: z.string(),
    account: z.object({
      userId: z.string(),
      email: z.string(),
      emailDomain: z.string(),
      emailDomainKind: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      country: z.string(),
      state: z.string(),
      accessType: z.optional(z.string()),
      registration: z.optional(
        z.object({
          companyName: z.string(),
          jobTitle: z.string(),
          phone: z.string(),
          address,
          country: z.string(),
          submittedAt: z.string(),
        }),
      ),
      organizationId: z.optional(z.string()),
      organizationName: z.optional(z.string()),
      role: z.optional(z.string()),
      partnerOrganization: z.optional(z.object({ organizationId: z.string(), name: z.string() })),
      organizationRequestId: z.optional(z.string()),
      remindedIn: z.optional(z.string()),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
    membership: z.nullable(
      z.object({
        organizationId: z.string(),
        organizationName: z.string(),
        role: z.string(),
        joinedAt: z.string(),
      }),
    ),
    groups: z.array(
      z.object({
        groupId: z.string(),
        name: z.string(),
        shared: z.boolean(),
        definition: z.object({ kind: z.string() }),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
    ),
    organizationRequest: z.nullable(
      z.object({
        requestId: z.string(),
        domain: z.string(),
        organization: z.object({ legalName: z.string() }),
        stage: z.string(),
        submittedAt: z.string(),
        updatedAt: z.string(),
        decision: z.optional(
          z.object({ outcome: z.string(), reason: z.optional(z.string()), decidedAt: z.string() }),
        ),
        closedReason: z.optional(z.string()),
        requestedAt: z.optional(z.string()),
        otherRequesters: z.int(),
      }),
    ),
    emailCodes: z.nullable(
      z.object({
        email: z.string(),
        sentAt: z.array(z.string()),
        liveCode: z.optional(z.object({ purpose: z.string(), expiresAt: z.string() })),
      }),
    ),
    passwordAttempts: z.nullable(z.object({ wrongPasswords: z.int(), lastTryAt: z.string() })),
    notKept: z.array(z.string()),
  });
}

export const exportDataRoute = route({
  id: 'exportData',
  method: 'GET',
  path: '/v1/me/export',
  auth: 'user',
  handler: 'functions/account/export-data.handler.ts',
  summary: 'Everything Portico stores about the caller, as one JSON document',
  body: undefined,
  success: { 200: "The caller's data: account, membership, groups, organization request, codes sent" },
  responses: { 200: exportDocument() },
  problems: [404],
  grants: ['table:read'],
});
