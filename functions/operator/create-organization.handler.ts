import { createDirectoryOrganization } from '../core/use-cases/operator/organization-directory';
import { organizationDirectory, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { createOrganizationRoute } from './create-organization.route';

export const handler = idempotentApiHandler(createOrganizationRoute, async ({ body, caller }) => ({
  status: 201,
  body: await createDirectoryOrganization(
    { organizations: organizationDirectory(), clock: systemClock },
    body,
    { userId: caller.userId, email: caller.email },
  ),
}));
