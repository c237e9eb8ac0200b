import { listMembers } from '../core/use-cases/portal/members';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, memberDirectory } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listMembersRoute } from './list-members.route';

export const handler = apiHandler(listMembersRoute, async ({ caller, query }) => {
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return { status: 200, body: await listMembers({ members: memberDirectory() }, member, query) };
});
