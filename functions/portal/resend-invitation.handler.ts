import { resendInvitation } from '../core/use-cases/portal/invitations';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { invitationDependencies, portalAccess } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { resendInvitationRoute } from './resend-invitation.route';

export const handler = idempotentApiHandler(resendInvitationRoute, async ({ caller, path }) => {
  // The profile resendInvitation reads is the organization's status check: one round trip less.
  const member = await requirePortalMember(portalAccess(), caller.userId);
  return { status: 200, body: await resendInvitation(invitationDependencies(), member, path.invitationId) };
});
