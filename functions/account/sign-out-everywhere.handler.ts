import { signOutEverywhere } from '../core/use-cases/account/sign-out-everywhere';
import { identityProvider } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { signOutEverywhereRoute } from './sign-out-everywhere.route';

export const handler = idempotentApiHandler(signOutEverywhereRoute, async ({ caller }) => ({
  status: 200,
  body: await signOutEverywhere({ identity: identityProvider() }, caller),
}));
