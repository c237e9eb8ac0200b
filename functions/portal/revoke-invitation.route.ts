import * as z from 'zod/mini';
import { described } from '../http/fields';
import { answersOf, route } from '../http/route';
import { invitationPath } from './invitation-path';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function revokeInvitationAnswers() {
  return {
    200: z
      .strictObject({ invitationId: described('The invitation revoked'), outcome: z.literal('REVOKED') })
      .check(z.meta({ description: 'The invitation is revoked: its link no longer works' })),
  };
}

export const revokeInvitationRoute = route({
  id: 'revokeInvitation',
  method: 'DELETE',
  path: '/v1/portal/invitations/{invitationId}',
  auth: 'member',
  handler: 'functions/portal/revoke-invitation.handler.ts',
  summary: 'Administrators: revoke a pending invitation',
  body: undefined,
  pathParameters: invitationPath,
  success: { 200: 'The invitation was revoked' },
  responses: answersOf<typeof revokeInvitationAnswers>(),
  problems: [404],
  grants: ['table:write'],
});
