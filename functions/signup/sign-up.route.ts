import * as z from 'zod/mini';
import { countryCode, emailAddress, password, text } from '../http/fields';
import { route } from '../http/route';
import { codeSentAnswer } from './signup.schema';

export const signUpBody = z.strictObject({
  email: emailAddress(),
  password: password(),
  firstName: text(100),
  lastName: text(100),
  country: countryCode(),
});
export type SignUpBody = z.infer<typeof signUpBody>;

export const signUpRoute = route({
  id: 'signUp',
  method: 'POST',
  path: '/v1/signup',
  auth: 'public',
  handler: 'functions/signup/sign-up.handler.ts',
  summary: 'Create an account and email a one-time code',
  body: signUpBody,
  success: { 202: 'Accepted, the same answer for every address: a code is emailed when it can be' },
  responses: { 202: codeSentAnswer() },
  problems: [429],
  grants: ['table:write', 'identity:admin', 'mail:send', 'code-secret:read'],
  strictRateLimit: true,
});
