import * as z from 'zod/mini';
import { emailAddress } from '../http/fields';
import { answersOf, route } from '../http/route';
import { codeSentAnswer } from './signup.schema';

export const resendCodeBody = z.strictObject({
  email: emailAddress(),
});
export type ResendCodeBody = z.infer<typeof resendCodeBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function resendCodeAnswers() {
  return { 202: codeSentAnswer() };
}

export const resendCodeRoute = route({
  id: 'resendCode',
  method: 'POST',
  path: '/v1/signup/resend',
  auth: 'public',
  handler: 'functions/signup/resend-code.handler.ts',
  summary: 'Email a fresh one-time code (throttled)',
  body: resendCodeBody,
  success: { 202: 'Accepted, the same answer for every address' },
  responses: answersOf<typeof resendCodeAnswers>(),
  problems: [429],
  grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
  strictRateLimit: true,
});
