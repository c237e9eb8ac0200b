import { registerBusiness } from '../core/use-cases/register-business';
import { accountStore, config, mailer, organizationDirectory, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.registerBusiness, async ({ body, caller }) => ({
  status: 200,
  body: await registerBusiness(
    {
      accounts: accountStore(),
      organizations: organizationDirectory(),
      mailer: mailer(),
      clock: systemClock,
      portalUrl: config().portalUrl,
    },
    caller.userId,
    body,
  ),
}));
