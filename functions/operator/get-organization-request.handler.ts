import { getOrganizationRequest } from '../core/use-cases/operator/organization-requests';
import { organizationRequests, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.getOrganizationRequest, async ({ path }) => ({
  status: 200,
  body: await getOrganizationRequest(
    { requests: organizationRequests(), clock: systemClock },
    path.requestId,
  ),
}));
