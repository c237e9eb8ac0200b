import { listInvitations } from '../core/use-cases/portal/invitations';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { invitationStore, portalAccess, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listInvitationsRoute } from './list-invitations.route';

export const handler = apiHandler(listInvitationsRoute, async ({ caller }) => ({
  status: 200,
  body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
    listInvitations({ invitations: invitationStore(), clock: systemClock }, member),
  ),
}));
