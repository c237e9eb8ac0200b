import { deleteGroup } from '../core/use-cases/portal/groups';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.deleteGroup, async ({ caller, path }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  await deleteGroup(
    { inventory: portalInventory(), settings: portalSettings(), clock: systemClock },
    member,
    path.groupId,
  );
  return { status: 204 };
});
