import { chooseOrganization } from '../core/use-cases/choose-organization';
import { accountStore, config, mailer, organizationDirectory, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.chooseOrganization, async ({ body, caller }) => ({
  status: 200,
  body: await chooseOrganization(
    {
      accounts: accountStore(),
      organizations: organizationDirectory(),
      mailer: mailer(),
      clock: systemClock,
      portalUrl: config().portalUrl,
    },
    caller.userId,
    body.organizationId,
  ),
}));
