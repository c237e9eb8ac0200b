import { createGroup } from '../core/use-cases/portal/groups';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { createGroupRoute } from './create-group.route';

export const handler = idempotentApiHandler(createGroupRoute, async ({ body, caller }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  return {
    status: 201,
    body: await createGroup(
      { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
      member,
      body,
    ),
  };
});
