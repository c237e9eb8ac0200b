import { inviteMembers } from '../core/use-cases/portal/invite-members';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import { invitationDependencies, portalAccess } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { createInvitationsRoute } from './create-invitations.route';

export const handler = idempotentApiHandler(createInvitationsRoute, async ({ body, caller }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  return { status: 201, body: await inviteMembers(invitationDependencies(), member, body.invitations) };
});
