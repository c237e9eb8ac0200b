import { getOrganizationRequest } from '../core/use-cases/operator/organization-requests';
import { organizationRequests, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getOrganizationRequestRoute } from './get-organization-request.route';

export const handler = apiHandler(getOrganizationRequestRoute, async ({ path }) => ({
  status: 200,
  body: await getOrganizationRequest(
    { requests: organizationRequests(), clock: systemClock },
    path.requestId,
  ),
}));
