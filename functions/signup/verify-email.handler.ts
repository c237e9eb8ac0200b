import { verifyEmail } from '../core/use-cases/verify-email';
import { verificationDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { verifyEmailRoute } from './verify-email.route';

export const handler = idempotentApiHandler(verifyEmailRoute, async ({ body, locale }) => ({
  status: 200,
  body: await verifyEmail({ ...verificationDependencies(), locale }, body),
}));
