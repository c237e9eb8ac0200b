import { verifyEmail } from '../core/use-cases/verify-email';
import { onboardingDependencies } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.verifyEmail, async ({ body }) => ({
  status: 200,
  body: await verifyEmail(onboardingDependencies(), body),
}));
