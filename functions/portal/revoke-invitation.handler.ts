import { revokeInvitation } from '../core/use-cases/portal/invitations';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import { invitationStore, portalAccess, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { revokeInvitationRoute } from './revoke-invitation.route';

export const handler = idempotentApiHandler(revokeInvitationRoute, async ({ caller, path }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  return {
    status: 200,
    body: await revokeInvitation(
      { invitations: invitationStore(), clock: systemClock },
      member,
      path.invitationId,
    ),
  };
});
