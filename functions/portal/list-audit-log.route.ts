import { answersOf, route } from '../http/route';
import { auditLogAnswer, auditLogQuery } from './audit-log.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listAuditLogAnswers() {
  return { 200: auditLogAnswer() };
}

export const listAuditLogRoute = route({
  id: 'listAuditLog',
  method: 'GET',
  path: '/v1/portal/audit-log',
  auth: 'member',
  handler: 'functions/portal/list-audit-log.handler.ts',
  summary: 'Administrators: the audit log of the organization, newest first, by page',
  body: undefined,
  query: auditLogQuery(),
  success: { 200: 'One page of entries, newest first, and the cursor of the next' },
  responses: answersOf<typeof listAuditLogAnswers>(),
  grants: ['table:read'],
});
