import { declineJoinRequestOf } from '../core/use-cases/portal/join-requests';
import {
  accountStore,
  config,
  joinRequestStore,
  mailer,
  organizationDirectory,
  systemClock,
} from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { declineJoinRequestRoute } from './decline-join-request.route';

export const handler = idempotentApiHandler(declineJoinRequestRoute, async ({ body, caller, path }) => {
  return {
    status: 200,
    body: await declineJoinRequestOf(
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
      body.reason,
    ),
  };
});
