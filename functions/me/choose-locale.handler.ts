import { readyLocale } from '../core/i18n/catalogs';
import { chooseLocale } from '../core/use-cases/choose-locale';
import { accountStore, config, identityProvider, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { chooseLocaleRoute } from './choose-locale.route';

export const handler = idempotentApiHandler(chooseLocaleRoute, async ({ body, caller }) => {
  // The answer is in the language just chosen: loaded here, as the request's was (docs/languages.md).
  await readyLocale(body.locale);
  const deps = {
    accounts: accountStore(),
    clock: systemClock,
    portalUrl: config().portalUrl,
    identity: identityProvider(),
  };
  return { status: 200, body: await chooseLocale(deps, caller.userId, body.locale) };
});
