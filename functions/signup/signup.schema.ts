import * as z from 'zod';
import { countryCode, emailAddress, password, text } from '../http/fields';

export const signUpBody = z.strictObject({
  email: emailAddress,
  password,
  firstName: text(100),
  lastName: text(100),
  country: countryCode,
});
export type SignUpBody = z.infer<typeof signUpBody>;

export const verifyEmailBody = z.strictObject({
  email: emailAddress,
  code: z.string().regex(/^[0-9]{6}$/, 'must be the 6-digit code from the email'),
});
export type VerifyEmailBody = z.infer<typeof verifyEmailBody>;

export const resendCodeBody = z.strictObject({
  email: emailAddress,
});
export type ResendCodeBody = z.infer<typeof resendCodeBody>;

/**
 * The same 202 for every address, registered or not (sign-up and resend). Kept here rather than in
 * sign-up.handler.ts, so the resend function does not bundle the sign-up handler and its email domain lists.
 */
export const SIGN_UP_ACCEPTED = {
  status: 'CODE_SENT',
  detail: 'If this address can receive a code, one is on its way. Enter it at POST /v1/signup/verify.',
} as const;
