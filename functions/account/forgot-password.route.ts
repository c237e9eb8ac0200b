import * as z from 'zod/mini';
import { emailAddress } from '../http/fields';
import { answersOf, route } from '../http/route';
import { statusAnswer } from './account.schema';

export const forgotPasswordBody = z.strictObject({ email: emailAddress() });

/** The same 202 for every address, whether it has an account or not. */
export const FORGOT_PASSWORD_ACCEPTED = {
  status: 'CODE_SENT',
  detail:
    'If this address has a Portico account, a reset code is on its way. Enter it with a new password at POST /v1/password/reset.',
} as const;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function forgotPasswordAnswers() {
  return {
    202: statusAnswer('CODE_SENT', 'Accepted; the same answer whether or not the address has an account'),
  };
}

export const forgotPasswordRoute = route({
  id: 'forgotPassword',
  method: 'POST',
  path: '/v1/password/forgot',
  auth: 'public',
  handler: 'functions/account/forgot-password.handler.ts',
  summary: 'Email a password reset code (throttled like every code; the same answer for every address)',
  body: forgotPasswordBody,
  success: { 202: 'Accepted, the same answer for every address: a code is emailed when it can be' },
  responses: answersOf<typeof forgotPasswordAnswers>(),
  problems: [429],
  grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
  strictRateLimit: true,
});
