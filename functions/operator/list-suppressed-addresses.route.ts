import * as z from 'zod/mini';
import { pageCursor, pageLimit } from '../http/fields';
import { route } from '../http/route';

export const listSuppressedAddressesQuery = z.strictObject({
  limit: pageLimit(),
  cursor: pageCursor('The `nextCursor` the previous page answered'),
});

const suppressedAddress = z.object({
  email: z.string(),
  reason: z.enum(['BOUNCE', 'COMPLAINT']),
  detail: z.nullable(z.string()),
  at: z.string(),
  feedbackId: z.string(),
});

export const suppressedAddressPage = z.object({
  items: z.array(suppressedAddress),
  nextCursor: z.nullable(z.string()),
});

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
  responses: { 200: suppressedAddressPage },
  grants: ['table:read'],
});
