import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';

export const unsubscribeDigestBody = z.strictObject({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function unsubscribeDigestAnswers() {
  return {
    200: z
      .strictObject({ unsubscribed: z.literal(true) })
      .check(z.meta({ description: 'The digest is off (the same answer every time)' })),
  };
}

export const unsubscribeDigestRoute = route({
  id: 'unsubscribeDigest',
  method: 'POST',
  path: '/v1/support-digest/unsubscribe',
  auth: 'public',
  handler: 'functions/portal/unsubscribe-digest.handler.ts',
  summary:
    "Stop the weekly support-expiry digest with the signed token of a digest's link (no sign-in; idempotent)",
  body: unsubscribeDigestBody,
  success: { 200: 'The digest is off' },
  responses: answersOf<typeof unsubscribeDigestAnswers>(),
  grants: ['table:write', 'code-secret:read'],
  // Public and checking a MAC made with the code secret: under the tighter limit, as the code routes are.
  strictRateLimit: true,
});
