import { getVisibility } from '../core/use-cases/portal/visibility';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, portalSettings } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getVisibilityRoute } from './get-visibility.route';

export const handler = apiHandler(getVisibilityRoute, async ({ caller }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return { status: 200, body: await getVisibility({ settings: portalSettings() }, member) };
});
