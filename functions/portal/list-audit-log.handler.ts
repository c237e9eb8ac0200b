import { readAuditLog } from '../core/use-cases/portal/audit-log';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { auditLog, portalAccess, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listAuditLogRoute } from './list-audit-log.route';

export const handler = apiHandler(listAuditLogRoute, async ({ caller, query }) => {
  return {
    status: 200,
    body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
      readAuditLog({ audit: auditLog(), clock: systemClock }, member, query),
    ),
  };
});
