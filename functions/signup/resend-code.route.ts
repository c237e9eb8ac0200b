import * as z from 'zod/mini';
import { emailAddress } from '../http/fields';
import { route } from '../http/route';
import { codeSentAnswer } from './signup.schema';

export const resendCodeBody = z.strictObject({
  email: emailAddress(),
});
export type ResendCodeBody = z.infer<typeof resendCodeBody>;

export const resendCodeRoute = route({
  id: 'resendCode',
  method: 'POST',
  path: '/v1/signup/resend',
  auth: 'public',
  handler: 'functions/signup/resend-code.handler.ts',
  summary: 'Email a fresh one-time code (throttled)',
  body: resendCodeBody,
  success: { 202: 'Accepted, the same answer for every address' },
  responses: { 202: codeSentAnswer() },
  problems: [429],
  grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
  strictRateLimit: true,
});
