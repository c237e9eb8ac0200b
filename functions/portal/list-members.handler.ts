import { listMembers } from '../core/use-cases/portal/members';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { memberDirectory, portalAccess } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listMembersRoute } from './list-members.route';

export const handler = apiHandler(listMembersRoute, async ({ caller, query }) => {
  return {
    status: 200,
    body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
      listMembers({ members: memberDirectory() }, member, query),
    ),
  };
});
