import { updateGroup } from '../core/use-cases/portal/groups';
import { writeAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { updateGroupRoute } from './update-group.route';

export const handler = idempotentApiHandler(updateGroupRoute, async ({ body, caller, path }) => ({
  status: 200,
  body: await writeAsPortalMember(portalAccess(), caller.userId, (member, admitted) =>
    updateGroup(
      { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
      member,
      path.groupId,
      body,
      admitted,
    ),
  ),
}));
