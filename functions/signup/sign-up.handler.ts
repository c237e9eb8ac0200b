import { signUp } from '../core/use-cases/sign-up';
import { onboardingDependencies } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

/** The same 202 for every address, registered or not. */
export const SIGN_UP_ACCEPTED = {
  status: 'CODE_SENT',
  detail: 'If this address can receive a code, one is on its way. Enter it at POST /v1/signup/verify.',
} as const;

export const handler = apiHandler(routes.signUp, async ({ body }) => {
  await signUp(onboardingDependencies(), body);
  return { status: 202, body: SIGN_UP_ACCEPTED };
});
