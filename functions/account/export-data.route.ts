import * as z from 'zod/mini';
import { groupDefinition } from '../portal/portal.schema';
import { organizationDetailsAnswer } from '../http/fields';
import { answersOf, route } from '../http/route';

/** The export document (functions/core/use-cases/account/export-data.ts). */
/* @__NO_SIDE_EFFECTS__ */
function exportDocument() {
  const address = z.strictObject({
    line1: z.string(),
    line2: z.optional(z.string()),
    city: z.string(),
    region: z.optional(z.string()),
    postalCode: z.string(),
  });
  return z
    .strictObject({
      exportedAt: z.string(),
      account: z.strictObject({
        userId: z.string(),
        email: z.string(),
        emailDomain: z.string(),
        emailDomainKind: z.string(),
        firstName: z.string(),
        lastName: z.string(),
        country: z.string(),
        locale: z.optional(z.string()),
        state: z.string(),
        accessType: z.optional(z.string()),
        registration: z.optional(
          z.strictObject({
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
        partnerOrganization: z.optional(z.strictObject({ organizationId: z.string(), name: z.string() })),
        organizationRequestId: z.optional(z.string()),
        remindedIn: z.optional(z.string()),
        createdAt: z.string(),
        updatedAt: z.string(),
      }),
      membership: z.nullable(
        z.strictObject({
          organizationId: z.string(),
          organizationName: z.string(),
          role: z.string(),
          joinedAt: z.string(),
        }),
      ),
      groups: z.array(
        z.strictObject({
          groupId: z.string(),
          name: z.string(),
          shared: z.boolean(),
          definition: groupDefinition(),
          createdAt: z.string(),
          updatedAt: z.string(),
        }),
      ),
      organizationRequest: z.nullable(
        z.strictObject({
          requestId: z.string(),
          domain: z.string(),
          organization: organizationDetailsAnswer(),
          stage: z.string(),
          submittedAt: z.string(),
          updatedAt: z.string(),
          decision: z.optional(
            z.strictObject({ outcome: z.string(), reason: z.optional(z.string()), decidedAt: z.string() }),
          ),
          closedReason: z.optional(z.string()),
          requestedAt: z.optional(z.string()),
          otherRequesters: z.int(),
        }),
      ),
      emailCodes: z.nullable(
        z.strictObject({
          email: z.string(),
          sentAt: z.array(z.string()),
          liveCode: z.optional(z.strictObject({ purpose: z.string(), expiresAt: z.string() })),
        }),
      ),
      passwordAttempts: z.nullable(z.strictObject({ wrongPasswords: z.int(), lastTryAt: z.string() })),
      notKept: z.array(z.string()),
    })
    .check(z.meta({ description: 'Everything Portico stores about the caller, and what it does not keep' }));
}

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function exportDataAnswers() {
  return { 200: exportDocument() };
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
  responses: answersOf<typeof exportDataAnswers>(),
  problems: [404],
  grants: ['table:read'],
});
