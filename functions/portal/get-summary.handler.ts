import { getPortalSummary } from '../core/use-cases/get-portal-summary';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, organizationDirectory } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.getPortalSummary, async ({ caller }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return { status: 200, body: await getPortalSummary({ organizations: organizationDirectory() }, member) };
});
