import { submitOrganizationRequest } from '../core/use-cases/submit-organization-request';
import {
  accountStore,
  config,
  mailer,
  organizationDirectory,
  organizationRequests,
  reviewWorkflow,
  systemClock,
} from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { submitOrganizationRequestRoute } from './submit-organization-request.route';

export const handler = idempotentApiHandler(
  submitOrganizationRequestRoute,
  async ({ body, caller, locale }) => {
    const { account, created } = await submitOrganizationRequest(
      {
        accounts: accountStore(),
        organizations: organizationDirectory(),
        requests: organizationRequests(),
        workflow: reviewWorkflow(),
        mailer: mailer(),
        clock: systemClock,
        portalUrl: config().portalUrl,
        locale,
      },
      caller.userId,
      body,
    );
    return { status: created ? 202 : 200, body: account };
  },
);
