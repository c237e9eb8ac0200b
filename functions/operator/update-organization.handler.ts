import { editDirectoryOrganization } from '../core/use-cases/operator/edit-organization';
import { accountStore, config, mailer, organizationCatalogue, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { updateOrganizationRoute } from './update-organization.route';

export const handler = idempotentApiHandler(updateOrganizationRoute, async ({ body, caller, path }) => ({
  status: 200,
  body: await editDirectoryOrganization(
    {
      organizations: organizationCatalogue(),
      accounts: accountStore(),
      mailer: mailer(),
      clock: systemClock,
      portalUrl: config().portalUrl,
    },
    path.organizationId,
    body,
    { userId: caller.userId, email: caller.email },
  ),
}));
