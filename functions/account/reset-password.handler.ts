import { resetPassword } from '../core/use-cases/account/reset-password';
import { onboardingDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { resetPasswordRoute } from './reset-password.route';

export const handler = idempotentApiHandler(resetPasswordRoute, async ({ body }) => ({
  status: 200,
  body: await resetPassword(onboardingDependencies(), body),
}));
