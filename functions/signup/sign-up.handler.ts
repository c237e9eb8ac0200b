import { signUp } from '../core/use-cases/sign-up';
import { onboardingDependencies } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';
import { SIGN_UP_ACCEPTED } from './signup.schema';

export { SIGN_UP_ACCEPTED };

export const handler = apiHandler(routes.signUp, async ({ body }) => {
  await signUp(onboardingDependencies(), body);
  return { status: 202, body: SIGN_UP_ACCEPTED };
});
