import { revokeInvitation } from '../core/use-cases/portal/invitations';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { invitationStore, organizationStatus, portalAccess, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { revokeInvitationRoute } from './revoke-invitation.route';

export const handler = idempotentApiHandler(revokeInvitationRoute, async ({ caller, path }) => {
  // The organization's status is read beside the invitation (revokeInvitation): one round trip less.
  const member = await requirePortalMember(portalAccess(), caller.userId);
  return {
    status: 200,
    body: await revokeInvitation(
      { invitations: invitationStore(), organizationStatus: organizationStatus(), clock: systemClock },
      member,
      path.invitationId,
    ),
  };
});
