import * as z from 'zod/mini';

/**
 * Schemas several operator routes share, as factories marked `@__NO_SIDE_EFFECTS__` (see functions/http/fields.ts).
 * Each route's own schemas live in its route module.
 */

/** `{requestId}` in operator paths. */
/* @__NO_SIDE_EFFECTS__ */
export function requestPath() {
  return z.object({
    requestId: z.string().check(z.regex(/^[0-9A-Za-z-]{8,64}$/, 'is not a request id')),
  });
}
