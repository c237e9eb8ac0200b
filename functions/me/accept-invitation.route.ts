import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { accountAnswer } from './me.schema';

export const acceptInvitationBody = z.strictObject({
  token: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type AcceptInvitationBody = z.infer<typeof acceptInvitationBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function acceptInvitationAnswers() {
  return {
    200: z
      .strictObject({ outcome: z.literal('ACTIVE'), account: accountAnswer() })
      .check(
        z.meta({ description: 'The account, ACTIVE in the inviting organization with the invited role' }),
      ),
  };
}

export const acceptInvitationRoute = route({
  id: 'acceptInvitation',
  method: 'POST',
  path: '/v1/invitations/accept',
  auth: 'user',
  handler: 'functions/me/accept-invitation.handler.ts',
  summary: 'Accept an invitation (signed in with the invited address): join its organization at once',
  body: acceptInvitationBody,
  success: { 200: 'The account, ACTIVE in the organization' },
  responses: answersOf<typeof acceptInvitationAnswers>(),
  problems: [403, 404, 409],
  grants: ['table:write', 'mail:send'],
});
