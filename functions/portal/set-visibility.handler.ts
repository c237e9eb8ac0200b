import { setVisibility } from '../core/use-cases/portal/visibility';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { setVisibilityRoute } from './set-visibility.route';

export const handler = idempotentApiHandler(setVisibilityRoute, async ({ body, caller }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await setVisibility(
      { settings: portalSettings(), inventory: portalInventory(), clock: systemClock },
      member,
      body,
    ),
  };
});
