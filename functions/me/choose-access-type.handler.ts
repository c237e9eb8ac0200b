import { chooseAccessType } from '../core/use-cases/choose-access-type';
import { accountStore, config, organizationDirectory, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { chooseAccessTypeRoute } from './choose-access-type.route';

export const handler = idempotentApiHandler(chooseAccessTypeRoute, async ({ body, caller, locale }) => ({
  status: 200,
  body: await chooseAccessType(
    {
      accounts: accountStore(),
      organizations: organizationDirectory(),
      clock: systemClock,
      portalUrl: config().portalUrl,
      locale,
    },
    caller.userId,
    body.accessType,
  ),
}));
