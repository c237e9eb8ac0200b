import * as z from 'zod/mini';
import { emailAddress, password } from '../http/fields';
import { answersOf, route } from '../http/route';
import { emailedCode, statusAnswer } from './account.schema';

export const resetPasswordBody = z.strictObject({
  email: emailAddress(),
  code: emailedCode(),
  password: password(),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function resetPasswordAnswers() {
  return { 200: statusAnswer('PASSWORD_RESET', 'The password is set and every session signed out') };
}

export const resetPasswordRoute = route({
  id: 'resetPassword',
  method: 'POST',
  path: '/v1/password/reset',
  auth: 'public',
  handler: 'functions/account/reset-password.handler.ts',
  summary: 'Set a new password with the emailed reset code; every session is signed out',
  body: resetPasswordBody,
  success: { 200: 'The password is changed (and an unverified address verified); sign in again' },
  responses: answersOf<typeof resetPasswordAnswers>(),
  grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
  strictRateLimit: true,
});
