import { deleteGroup } from '../core/use-cases/portal/groups';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { deleteGroupRoute } from './delete-group.route';

export const handler = idempotentApiHandler(deleteGroupRoute, async ({ caller, path }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  await deleteGroup(
    { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
    member,
    path.groupId,
  );
  return { status: 204 };
});
