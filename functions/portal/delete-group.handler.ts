import { deleteGroup } from '../core/use-cases/portal/groups';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { deleteGroupRoute } from './delete-group.route';

export const handler = idempotentApiHandler(deleteGroupRoute, async ({ caller, path }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  await deleteGroup(
    { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
    member,
    path.groupId,
  );
  return { status: 204 };
});
