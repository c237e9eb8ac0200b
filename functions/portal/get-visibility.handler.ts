import { getVisibility } from '../core/use-cases/portal/visibility';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { portalAccess, portalSettings } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getVisibilityRoute } from './get-visibility.route';

export const handler = apiHandler(getVisibilityRoute, async ({ caller }) => {
  return {
    status: 200,
    body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
      getVisibility({ settings: portalSettings() }, member),
    ),
  };
});
