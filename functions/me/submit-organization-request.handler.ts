import { submitOrganizationRequest } from '../core/use-cases/submit-organization-request';
import {
  accountStore,
  config,
  organizationDirectory,
  organizationRequests,
  reviewWorkflow,
  systemClock,
} from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.submitOrganizationRequest, async ({ body, caller }) => {
  const { account, created } = await submitOrganizationRequest(
    {
      accounts: accountStore(),
      organizations: organizationDirectory(),
      requests: organizationRequests(),
      workflow: reviewWorkflow(),
      clock: systemClock,
      portalUrl: config().portalUrl,
    },
    caller.userId,
    body,
  );
  return { status: created ? 202 : 200, body: account };
});
