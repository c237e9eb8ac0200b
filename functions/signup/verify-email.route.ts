import * as z from 'zod/mini';
import { emailAddress } from '../http/fields';
import { route } from '../http/route';
import { verifiedAnswer } from '../me/me.schema';

export const verifyEmailBody = z.strictObject({
  email: emailAddress(),
  code: z.string().check(z.regex(/^[0-9]{6}$/, 'must be the 6-digit code from the email')),
});
export type VerifyEmailBody = z.infer<typeof verifyEmailBody>;

export const verifyEmailRoute = route({
  id: 'verifyEmail',
  method: 'POST',
  path: '/v1/signup/verify',
  auth: 'public',
  handler: 'functions/signup/verify-email.handler.ts',
  summary: 'Validate the account with the emailed one-time code',
  body: verifyEmailBody,
  success: { 200: 'The account is verified; its view (state, next step)' },
  responses: { 200: verifiedAnswer() },
  problems: [409],
  grants: ['table:write', 'identity:admin', 'code-secret:read'],
  strictRateLimit: true,
});
