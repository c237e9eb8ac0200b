import * as z from 'zod/mini';
import { described, emailAddress } from '../http/fields';
import { answersOf, route } from '../http/route';

export const requestEmailChangeBody = z.strictObject({
  newEmail: emailAddress(),
  // Whatever it is, Cognito judges it: only its length is bounded here.
  currentPassword: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(256)),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function requestEmailChangeAnswers() {
  return {
    202: z
      .strictObject({
        status: z.literal('CODE_SENT'),
        newEmail: z.email(),
        detail: described('To show to the person'),
      })
      .check(z.meta({ description: 'A code was emailed to the new address' })),
  };
}

export const requestEmailChangeRoute = route({
  id: 'requestEmailChange',
  method: 'POST',
  path: '/v1/me/email',
  auth: 'user',
  handler: 'functions/account/request-email-change.handler.ts',
  summary: 'Ask to change the email address (password re-entered): a code goes to the new address',
  body: requestEmailChangeBody,
  success: { 202: 'A code was emailed to the new address; nothing changes until it is entered' },
  responses: answersOf<typeof requestEmailChangeAnswers>(),
  problems: [403, 409, 429],
  grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
});
