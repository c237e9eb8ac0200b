import { getOrganizationRequest } from '../core/use-cases/operator/organization-requests';
import { organizationRequests, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { parseParameters } from '../http/request';
import { routes } from '../routes';
import { requestPath } from './operator.schema';

export const handler = apiHandler(routes.getOrganizationRequest, async ({ event }) => {
  const { requestId } = parseParameters(event.pathParameters, requestPath, 'path');
  return {
    status: 200,
    body: await getOrganizationRequest({ requests: organizationRequests(), clock: systemClock }, requestId),
  };
});
