import { leaveOrganization } from '../core/use-cases/portal/membership-exit';
import { membershipExitDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { leaveOrganizationRoute } from './leave-organization.route';

export const handler = idempotentApiHandler(leaveOrganizationRoute, async ({ body, caller, locale }) => ({
  status: 200,
  body: await leaveOrganization(
    { ...membershipExitDependencies(), locale },
    caller.userId,
    body.organizationId,
  ),
}));
