import * as z from 'zod/mini';
import { described, emailAddress } from '../http/fields';
import { answersOf, route } from '../http/route';
import { accountAnswer } from '../me/me.schema';
import { emailedCode } from './account.schema';

export const confirmEmailChangeBody = z.strictObject({
  newEmail: emailAddress(),
  code: emailedCode(),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function confirmEmailChangeAnswers() {
  return {
    200: z
      .strictObject({
        status: z.literal('EMAIL_CHANGED'),
        detail: described('To show to the person'),
        account: accountAnswer(),
      })
      .check(z.meta({ description: 'The address is changed; the account as it now stands' })),
  };
}

export const confirmEmailChangeRoute = route({
  id: 'confirmEmailChange',
  method: 'POST',
  path: '/v1/me/email/confirm',
  auth: 'user',
  handler: 'functions/account/confirm-email-change.handler.ts',
  summary: 'Confirm the new email address with its code; the organization is re-decided by the new domain',
  body: confirmEmailChangeBody,
  success: { 200: 'The address is changed and every session signed out; sign in again with it' },
  responses: answersOf<typeof confirmEmailChangeAnswers>(),
  problems: [403, 409],
  grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
});
