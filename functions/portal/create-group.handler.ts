import { createGroup } from '../core/use-cases/portal/groups';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { createGroupRoute } from './create-group.route';

export const handler = idempotentApiHandler(createGroupRoute, async ({ body, caller }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 201,
    body: await createGroup(
      { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
      member,
      body,
    ),
  };
});
