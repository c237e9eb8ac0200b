import { deleteGroup } from '../core/use-cases/portal/groups';
import { writeAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { deleteGroupRoute } from './delete-group.route';

export const handler = idempotentApiHandler(deleteGroupRoute, async ({ caller, path }) => {
  await writeAsPortalMember(portalAccess(), caller.userId, (member, admitted) =>
    deleteGroup(
      { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
      member,
      path.groupId,
      admitted,
    ),
  );
  return { status: 204 };
});
