import { registerBusiness } from '../core/use-cases/register-business';
import { registrationDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { registerBusinessRoute } from './register-business.route';

export const handler = idempotentApiHandler(registerBusinessRoute, async ({ body, caller, locale }) => ({
  status: 200,
  body: await registerBusiness({ ...registrationDependencies(), locale }, caller.userId, body),
}));
