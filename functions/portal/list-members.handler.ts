import { listMembers } from '../core/use-cases/portal/members';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, memberDirectory } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { routes } from '../routes';

export const handler = apiHandler(routes.listMembers, async ({ caller, query }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return { status: 200, body: await listMembers({ members: memberDirectory() }, member, query) };
});
