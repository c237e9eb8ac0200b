import { getAccount } from '../core/use-cases/get-account';
import { accountStore, config, organizationRequests, suppressionList, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getAccountRoute } from './get-account.route';

export const handler = apiHandler(getAccountRoute, async ({ caller, locale }) => ({
  status: 200,
  body: await getAccount(
    {
      accounts: accountStore(),
      requests: organizationRequests(),
      suppressions: suppressionList(),
      clock: systemClock,
      portalUrl: config().portalUrl,
      locale,
    },
    caller,
  ),
}));
