import { listOrganizationRequests } from '../core/use-cases/operator/organization-requests';
import { organizationRequests, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { parseParameters } from '../http/request';
import { routes } from '../routes';
import { listOrganizationRequestsQuery } from './operator.schema';

export const handler = apiHandler(routes.listOrganizationRequests, async ({ event }) => ({
  status: 200,
  body: await listOrganizationRequests(
    { requests: organizationRequests(), clock: systemClock },
    parseParameters(event.queryStringParameters, listOrganizationRequestsQuery, 'query'),
  ),
}));
