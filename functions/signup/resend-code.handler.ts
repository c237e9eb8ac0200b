import { resendCode } from '../core/use-cases/resend-code';
import { onboardingDependencies } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';
import { SIGN_UP_ACCEPTED } from './signup.schema';

export const handler = apiHandler(routes.resendCode, async ({ body }) => {
  await resendCode(onboardingDependencies(), body);
  return { status: 202, body: SIGN_UP_ACCEPTED };
});
