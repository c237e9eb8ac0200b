import { setVisibility } from '../core/use-cases/portal/visibility';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import { portalAccess, portalInventory, portalSettings, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { setVisibilityRoute } from './set-visibility.route';

export const handler = idempotentApiHandler(setVisibilityRoute, async ({ body, caller }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  return {
    status: 200,
    body: await setVisibility(
      { settings: portalSettings(), inventory: portalInventory(), clock: systemClock },
      member,
      body,
    ),
  };
});
