import { route } from '../http/route';
import { auditLogAnswer, auditLogQuery } from './audit-log.schema';

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
  responses: { 200: auditLogAnswer() },
  grants: ['table:read'],
});
