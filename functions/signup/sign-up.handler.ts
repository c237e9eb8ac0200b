import { signUp } from '../core/use-cases/sign-up';
import { onboardingDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { localeOf } from '../http/request';
import { signUpRoute } from './sign-up.route';
import { SIGN_UP_ACCEPTED } from './sign-up-accepted';

export { SIGN_UP_ACCEPTED };

export const handler = idempotentApiHandler(signUpRoute, async ({ body, event }) => {
  await signUp(onboardingDependencies(), { ...body, locale: body.locale ?? localeOf(event) });
  return { status: 202, body: SIGN_UP_ACCEPTED };
});
