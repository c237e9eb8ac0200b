import { changeMemberRole } from '../core/use-cases/portal/members';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import { memberDirectory, portalAccess, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { changeMemberRoleRoute } from './change-member-role.route';

export const handler = idempotentApiHandler(changeMemberRoleRoute, async ({ body, caller, path }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  return {
    status: 200,
    body: await changeMemberRole(
      { members: memberDirectory(), clock: systemClock },
      member,
      path.userId,
      body.role,
    ),
  };
});
