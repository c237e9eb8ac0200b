import { resendInvitation } from '../core/use-cases/portal/invitations';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import { invitationDependencies, portalAccess } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { resendInvitationRoute } from './resend-invitation.route';

export const handler = idempotentApiHandler(resendInvitationRoute, async ({ caller, path }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  return { status: 200, body: await resendInvitation(invitationDependencies(), member, path.invitationId) };
});
