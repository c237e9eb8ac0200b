import { decideOrganizationRequest } from '../core/use-cases/operator/organization-requests';
import { organizationRequests, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { parseParameters } from '../http/request';
import { routes } from '../routes';
import { requestPath } from './operator.schema';

export const handler = apiHandler(routes.decideOrganizationRequest, async ({ body, caller, event }) => {
  const { requestId } = parseParameters(event.pathParameters, requestPath, 'path');
  const { recorded, request } = await decideOrganizationRequest(
    { requests: organizationRequests(), clock: systemClock },
    requestId,
    body,
    { userId: caller.userId, email: caller.email },
  );
  return { status: recorded ? 201 : 200, body: request };
});
