import * as z from 'zod/mini';
import { password } from '../http/fields';
import { answersOf, route } from '../http/route';
import { statusAnswer } from './account.schema';

export const changePasswordBody = z.strictObject({
  // Whatever it is, Cognito judges it: only its length is bounded here.
  currentPassword: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(256)),
  newPassword: password(),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function changePasswordAnswers() {
  return {
    200: statusAnswer('PASSWORD_CHANGED', 'The password is changed and every session signed out'),
  };
}

export const changePasswordRoute = route({
  id: 'changePassword',
  method: 'POST',
  path: '/v1/me/password',
  auth: 'user',
  handler: 'functions/account/change-password.handler.ts',
  summary: 'Change the password (the current one re-entered); every session is signed out',
  body: changePasswordBody,
  success: { 200: 'The password is changed and every session signed out; sign in again with the new one' },
  responses: answersOf<typeof changePasswordAnswers>(),
  problems: [429],
  grants: ['table:write', 'identity:admin', 'mail:send'],
});
