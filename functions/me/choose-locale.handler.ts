import { chooseLocale } from '../core/use-cases/choose-locale';
import { accountStore, config, identityProvider, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { chooseLocaleRoute } from './choose-locale.route';

export const handler = idempotentApiHandler(chooseLocaleRoute, async ({ body, caller }) => ({
  status: 200,
  body: await chooseLocale(
    {
      accounts: accountStore(),
      clock: systemClock,
      portalUrl: config().portalUrl,
      identity: identityProvider(),
    },
    caller.userId,
    body.locale,
  ),
}));
