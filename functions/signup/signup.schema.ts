import * as z from 'zod/mini';
import { described } from '../http/fields';

/** The answer of sign-up and resend: the same for every address, registered or not (sign-up-accepted.ts). */
/* @__NO_SIDE_EFFECTS__ */
export function codeSentAnswer() {
  return z
    .strictObject({
      status: z.literal('CODE_SENT'),
      detail: described('To show to the person'),
    })
    .check(z.meta({ description: 'Accepted; the same answer whether or not the address has an account' }));
}
