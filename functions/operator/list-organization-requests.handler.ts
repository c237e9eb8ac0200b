import { listOrganizationRequests } from '../core/use-cases/operator/organization-requests';
import { organizationRequests, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listOrganizationRequestsRoute } from './list-organization-requests.route';

export const handler = apiHandler(listOrganizationRequestsRoute, async ({ query }) => ({
  status: 200,
  body: await listOrganizationRequests({ requests: organizationRequests(), clock: systemClock }, query),
}));
