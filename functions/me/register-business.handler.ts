import { registerBusiness } from '../core/use-cases/register-business';
import { registrationDependencies } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.registerBusiness, async ({ body, caller }) => ({
  status: 200,
  body: await registerBusiness(registrationDependencies(), caller.userId, body),
}));
