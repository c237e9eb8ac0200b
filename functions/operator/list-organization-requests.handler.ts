import { listOrganizationRequests } from '../core/use-cases/operator/organization-requests';
import { organizationRequests, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.listOrganizationRequests, async ({ query }) => ({
  status: 200,
  body: await listOrganizationRequests({ requests: organizationRequests(), clock: systemClock }, query),
}));
