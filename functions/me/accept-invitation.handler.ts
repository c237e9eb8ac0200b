import { acceptInvitation } from '../core/use-cases/portal/invitations';
import { invitationDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { acceptInvitationRoute } from './accept-invitation.route';

export const handler = idempotentApiHandler(acceptInvitationRoute, async ({ body, caller }) => ({
  status: 200,
  body: await acceptInvitation(invitationDependencies(), caller.userId, body.token),
}));
