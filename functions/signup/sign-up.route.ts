import * as z from 'zod/mini';
import { countryCode, emailAddress, locale, password, text } from '../http/fields';
import { answersOf, route } from '../http/route';
import { codeSentAnswer } from './signup.schema';

export const signUpBody = z.strictObject({
  email: emailAddress(),
  password: password(),
  firstName: text(100),
  lastName: text(100),
  country: countryCode(),
  locale: z.optional(
    locale(
      "The language of the account's emails and messages; without it, the best match of Accept-Language, else en",
    ),
  ),
});
export type SignUpBody = z.infer<typeof signUpBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function signUpAnswers() {
  return { 202: codeSentAnswer() };
}

export const signUpRoute = route({
  id: 'signUp',
  method: 'POST',
  path: '/v1/signup',
  auth: 'public',
  handler: 'functions/signup/sign-up.handler.ts',
  summary: 'Create an account and email a one-time code',
  body: signUpBody,
  success: { 202: 'Accepted, the same answer for every address: a code is emailed when it can be' },
  responses: answersOf<typeof signUpAnswers>(),
  problems: [429],
  grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
  strictRateLimit: true,
});
