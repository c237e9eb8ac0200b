import { answersOf, route } from '../http/route';
import { invitationPath } from './invitation-path';
import { invitationAnswer } from './membership.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function resendInvitationAnswers() {
  return { 200: invitationAnswer() };
}

export const resendInvitationRoute = route({
  id: 'resendInvitation',
  method: 'POST',
  path: '/v1/portal/invitations/{invitationId}/resend',
  auth: 'member',
  handler: 'functions/portal/resend-invitation.handler.ts',
  summary: 'Administrators: send an invitation again (a new link; the previous one stops working)',
  body: undefined,
  pathParameters: invitationPath,
  success: { 200: 'The invitation, with its new expiry' },
  responses: answersOf<typeof resendInvitationAnswers>(),
  problems: [404, 429],
  grants: ['table:write', 'mail:send'],
});
