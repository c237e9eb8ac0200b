import { updateGroup } from '../core/use-cases/portal/groups';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { updateGroupRoute } from './update-group.route';

export const handler = idempotentApiHandler(updateGroupRoute, async ({ body, caller, path }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  return {
    status: 200,
    body: await updateGroup(
      { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
      member,
      path.groupId,
      body,
    ),
  };
});
