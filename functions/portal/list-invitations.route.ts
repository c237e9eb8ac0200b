import { answersOf, route } from '../http/route';
import { invitationListAnswer } from './membership.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listInvitationsAnswers() {
  return { 200: invitationListAnswer('The pending invitations, oldest first') };
}

export const listInvitationsRoute = route({
  id: 'listInvitations',
  method: 'GET',
  path: '/v1/portal/invitations',
  auth: 'member',
  handler: 'functions/portal/list-invitations.handler.ts',
  summary: 'Administrators: the invitations waiting to be accepted',
  body: undefined,
  success: { 200: 'The pending invitations, oldest first' },
  responses: answersOf<typeof listInvitationsAnswers>(),
  grants: ['table:read'],
});
