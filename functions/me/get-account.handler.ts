import { getAccount } from '../core/use-cases/get-account';
import { accountStore, config, organizationRequests, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.getAccount, async ({ caller }) => ({
  status: 200,
  body: await getAccount(
    {
      accounts: accountStore(),
      requests: organizationRequests(),
      clock: systemClock,
      portalUrl: config().portalUrl,
    },
    caller,
  ),
}));
