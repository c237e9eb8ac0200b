import * as z from 'zod/mini';
import { described } from '../http/fields';

/**
 * Answer schemas the account routes share, as factories marked `@__NO_SIDE_EFFECTS__` (see http/fields.ts):
 * each route module builds only what it uses.
 */

/** A short status with a sentence for people: what happened and what to do next. */
/* @__NO_SIDE_EFFECTS__ */
export function statusAnswer<const TStatus extends string>(status: TStatus, description: string) {
  return z
    .strictObject({ status: z.literal(status), detail: described('To show to the person') })
    .check(z.meta({ description }));
}

/** The 6-digit code from an email. */
/* @__NO_SIDE_EFFECTS__ */
export function emailedCode() {
  return z.string().check(z.regex(/^[0-9]{6}$/, 'must be the 6-digit code from the email'));
}
