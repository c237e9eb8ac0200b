import { decideOrganizationRequest } from '../core/use-cases/operator/organization-requests';
import { organizationRequests, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.decideOrganizationRequest, async ({ body, caller, path }) => {
  const { recorded, request } = await decideOrganizationRequest(
    { requests: organizationRequests(), clock: systemClock },
    path.requestId,
    body,
    { userId: caller.userId, email: caller.email },
  );
  return { status: recorded ? 201 : 200, body: request };
});
