import { inviteMembers } from '../core/use-cases/portal/invite-members';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { invitationDependencies, portalAccess } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { createInvitationsRoute } from './create-invitations.route';

export const handler = idempotentApiHandler(createInvitationsRoute, async ({ body, caller }) => {
  // The profile inviteMembers reads is the organization's status check: one round trip less.
  const member = await requirePortalMember(portalAccess(), caller.userId);
  return { status: 201, body: await inviteMembers(invitationDependencies(), member, body.invitations) };
});
