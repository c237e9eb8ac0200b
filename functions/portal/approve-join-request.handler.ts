import { approveJoinRequest } from '../core/use-cases/portal/join-requests';
import {
  accountStore,
  config,
  joinRequestStore,
  mailer,
  organizationDirectory,
  systemClock,
} from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { approveJoinRequestRoute } from './approve-join-request.route';

export const handler = idempotentApiHandler(approveJoinRequestRoute, async ({ caller, path }) => {
  return {
    status: 200,
    body: await approveJoinRequest(
      {
        joinRequests: joinRequestStore(),
        accounts: accountStore(),
        organizations: organizationDirectory(),
        mailer: mailer(),
        clock: systemClock,
        portalUrl: config().portalUrl,
      },
      caller.userId,
      path.userId,
    ),
  };
});
