import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { auditLogAnswer, auditLogQuery } from '../portal/audit-log.schema';

export const organizationPath = z.object({
  organizationId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'is not an organization id')),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listOrganizationAuditLogAnswers() {
  return { 200: auditLogAnswer() };
}

export const listOrganizationAuditLogRoute = route({
  id: 'listOrganizationAuditLog',
  method: 'GET',
  path: '/v1/operator/organizations/{organizationId}/audit-log',
  auth: 'operator',
  handler: 'functions/operator/list-organization-audit-log.handler.ts',
  summary: "Operators: an organization's audit log, newest first, by page",
  body: undefined,
  query: auditLogQuery(),
  pathParameters: organizationPath,
  success: { 200: 'One page of entries, newest first, and the cursor of the next' },
  responses: answersOf<typeof listOrganizationAuditLogAnswers>(),
  grants: ['table:read'],
});
