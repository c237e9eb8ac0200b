import { changeMemberRole } from '../core/use-cases/portal/members';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { accountStore, memberDirectory } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { parseParameters } from '../http/request';
import { routes } from '../routes';
import { memberPath } from './portal.schema';

export const handler = apiHandler(routes.changeMemberRole, async ({ body, caller, event }) => {
  const { userId } = parseParameters(event.pathParameters, memberPath, 'path');
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await changeMemberRole({ members: memberDirectory() }, member, userId, body.role),
  };
});
