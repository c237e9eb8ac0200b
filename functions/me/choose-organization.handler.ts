import { chooseOrganization } from '../core/use-cases/choose-organization';
import { registrationDependencies } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.chooseOrganization, async ({ body, caller }) => ({
  status: 200,
  body: await chooseOrganization(registrationDependencies(), caller.userId, body.organizationId),
}));
