import { decideOrganizationRequest } from '../core/use-cases/operator/organization-requests';
import { organizationRequests, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { decideOrganizationRequestRoute } from './decide-organization-request.route';

export const handler = idempotentApiHandler(
  decideOrganizationRequestRoute,
  async ({ body, caller, path }) => {
    const { recorded, request } = await decideOrganizationRequest(
      { requests: organizationRequests(), clock: systemClock },
      path.requestId,
      body,
      { userId: caller.userId, email: caller.email },
    );
    return { status: recorded ? 201 : 200, body: request };
  },
);
