import { chooseAccessType } from '../core/use-cases/choose-access-type';
import { accountStore, config, organizationDirectory, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.chooseAccessType, async ({ body, caller }) => ({
  status: 200,
  body: await chooseAccessType(
    {
      accounts: accountStore(),
      organizations: organizationDirectory(),
      clock: systemClock,
      portalUrl: config().portalUrl,
    },
    caller.userId,
    body.accessType,
  ),
}));
