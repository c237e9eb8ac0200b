/**
 * The same 202 for every address, registered or not (sign-up and resend). Kept here rather than in
 * sign-up.handler.ts, so the resend function does not bundle the sign-up handler and its email domain lists.
 */
export const SIGN_UP_ACCEPTED = {
  status: 'CODE_SENT',
  detail: 'If this address can receive a code, one is on its way. Enter it at POST /v1/signup/verify.',
} as const;
