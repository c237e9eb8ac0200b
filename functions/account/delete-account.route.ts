import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { statusAnswer } from './account.schema';

export const deleteAccountBody = z.strictObject({
  // Whatever it is, Cognito judges it: only its length is bounded here.
  currentPassword: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(256)),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function deleteAccountAnswers() {
  return {
    200: statusAnswer('ACCOUNT_DELETED', 'The account is erased; a confirmation was emailed'),
  };
}

export const deleteAccountRoute = route({
  id: 'deleteAccount',
  method: 'POST',
  path: '/v1/me/delete',
  auth: 'user',
  handler: 'functions/account/delete-account.handler.ts',
  summary: 'Delete my account (password re-entered): everything Portico stores about the caller is erased',
  body: deleteAccountBody,
  success: { 200: 'The account is erased and the sign-in deleted' },
  responses: answersOf<typeof deleteAccountAnswers>(),
  problems: [409, 429],
  grants: ['table:write', 'identity:admin', 'mail:send'],
});
