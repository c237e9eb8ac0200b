import { readAuditLog } from '../core/use-cases/portal/audit-log';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, auditLog, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listAuditLogRoute } from './list-audit-log.route';

export const handler = apiHandler(listAuditLogRoute, async ({ caller, query }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return { status: 200, body: await readAuditLog({ audit: auditLog(), clock: systemClock }, member, query) };
});
