import { readOrganizationAuditLog } from '../core/use-cases/portal/audit-log';
import { auditLog, organizationDirectory, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listOrganizationAuditLogRoute } from './list-organization-audit-log.route';

export const handler = apiHandler(listOrganizationAuditLogRoute, async ({ path, query }) => ({
  status: 200,
  body: await readOrganizationAuditLog(
    { audit: auditLog(), organizations: organizationDirectory(), clock: systemClock },
    path.organizationId,
    query,
  ),
}));
