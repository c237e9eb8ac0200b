import { declineJoinRequestOf } from '../core/use-cases/portal/join-requests';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import {
  accountStore,
  config,
  joinRequestStore,
  mailer,
  organizationDirectory,
  portalAccess,
  systemClock,
} from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { declineJoinRequestRoute } from './decline-join-request.route';

export const handler = idempotentApiHandler(declineJoinRequestRoute, async ({ body, caller, path }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
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
      member,
      path.userId,
      body.reason,
    ),
  };
});
