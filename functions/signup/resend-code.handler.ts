import { resendCode } from '../core/use-cases/resend-code';
import { onboardingDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { localeOf } from '../http/request';
import { resendCodeRoute } from './resend-code.route';
import { SIGN_UP_ACCEPTED } from './sign-up-accepted';

export const handler = idempotentApiHandler(resendCodeRoute, async ({ body, event }) => {
  await resendCode(onboardingDependencies(), { ...body, locale: localeOf(event) });
  return { status: 202, body: SIGN_UP_ACCEPTED };
});
