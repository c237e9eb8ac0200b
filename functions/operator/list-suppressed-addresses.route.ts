import * as z from 'zod/mini';
import { described, instant, pageCursor, pageLimit } from '../http/fields';
import { answersOf, route } from '../http/route';

export const listSuppressedAddressesQuery = z.strictObject({
  limit: pageLimit(),
  cursor: pageCursor('The `nextCursor` the previous page answered'),
});

/* @__NO_SIDE_EFFECTS__ */
function suppressedAddressPage() {
  return z
    .strictObject({
      items: z.array(
        z.strictObject({
          email: z.email(),
          reason: z
            .enum(['BOUNCE', 'COMPLAINT'])
            .check(z.meta({ description: 'A hard bounce, or the owner reported a Portico email as spam' })),
          detail: z.nullable(described("SES's bounce subtype or complaint feedback type, when it gave one")),
          at: instant('When SES reported it'),
          feedbackId: described("SES's feedback id, to find the report in SES's records"),
        }),
      ),
      nextCursor: z.nullable(described('Pass it as `cursor` to get the next page; null on the last')),
    })
    .check(z.meta({ description: 'One page of suppressed addresses, newest first' }));
}

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listSuppressedAddressesAnswers() {
  return { 200: suppressedAddressPage() };
}

export const listSuppressedAddressesRoute = route({
  id: 'listSuppressedAddresses',
  method: 'GET',
  path: '/v1/operator/suppressed-addresses',
  auth: 'operator',
  handler: 'functions/operator/list-suppressed-addresses.handler.ts',
  summary: 'Operators: addresses Portico no longer emails (hard bounces, complaints), newest first, by page',
  body: undefined,
  query: listSuppressedAddressesQuery,
  success: { 200: 'One page of suppressed addresses and the cursor of the next' },
  responses: answersOf<typeof listSuppressedAddressesAnswers>(),
  grants: ['table:read'],
});
