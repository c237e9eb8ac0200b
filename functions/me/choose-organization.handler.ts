import { chooseOrganization } from '../core/use-cases/choose-organization';
import { registrationDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { chooseOrganizationRoute } from './choose-organization.route';

export const handler = idempotentApiHandler(chooseOrganizationRoute, async ({ body, caller, locale }) => ({
  status: 200,
  body: await chooseOrganization(
    { ...registrationDependencies(), locale },
    caller.userId,
    body.organizationId,
  ),
}));
