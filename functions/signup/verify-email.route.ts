import * as z from 'zod/mini';
import { emailAddress } from '../http/fields';
import { answersOf, route } from '../http/route';
import { verifiedAnswer } from '../me/me.schema';

export const verifyEmailBody = z.strictObject({
  email: emailAddress(),
  code: z.string().check(z.regex(/^[0-9]{6}$/, 'must be the 6-digit code from the email')),
});
export type VerifyEmailBody = z.infer<typeof verifyEmailBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function verifyEmailAnswers() {
  return { 200: verifiedAnswer() };
}

export const verifyEmailRoute = route({
  id: 'verifyEmail',
  method: 'POST',
  path: '/v1/signup/verify',
  auth: 'public',
  handler: 'functions/signup/verify-email.handler.ts',
  summary: 'Validate the account with the emailed one-time code',
  body: verifyEmailBody,
  success: { 200: 'The account is verified; its view (state, next step)' },
  responses: answersOf<typeof verifyEmailAnswers>(),
  problems: [409],
  grants: ['table:write', 'identity:admin', 'code-secret:read'],
  strictRateLimit: true,
});
