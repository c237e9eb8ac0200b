import { revokeInvitation } from '../core/use-cases/portal/invitations';
import { writeAsPortalMember } from '../core/use-cases/portal-access';
import { invitationStore, portalAccess, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { revokeInvitationRoute } from './revoke-invitation.route';

export const handler = idempotentApiHandler(revokeInvitationRoute, async ({ caller, path }) => ({
  status: 200,
  // The invitation is read beside the organization's status: 3 round trips in sequence, not 4.
  body: await writeAsPortalMember(portalAccess(), caller.userId, (member, admitted) =>
    revokeInvitation(
      { invitations: invitationStore(), clock: systemClock },
      member,
      path.invitationId,
      admitted,
    ),
  ),
}));
