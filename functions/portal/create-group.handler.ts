import { createGroup } from '../core/use-cases/portal/groups';
import { writeAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { createGroupRoute } from './create-group.route';

export const handler = idempotentApiHandler(createGroupRoute, async ({ body, caller }) => ({
  status: 201,
  body: await writeAsPortalMember(portalAccess(), caller.userId, (member, admitted) =>
    createGroup(
      { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
      member,
      body,
      admitted,
    ),
  ),
}));
