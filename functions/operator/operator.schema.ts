import { z } from 'zod';
import { text } from '../http/fields';

export const decideOrganizationRequestBody = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('APPROVE'), note: text(1000).optional() }),
  z.strictObject({ outcome: z.literal('REJECT'), reason: text(1000) }),
]);
export type DecideOrganizationRequestBody = z.infer<typeof decideOrganizationRequestBody>;

/** `{requestId}` in operator paths. */
export const requestPath = z.object({
  requestId: z.string().regex(/^[0-9A-Za-z-]{8,64}$/, 'is not a request id'),
});

/** Query of the operators' list: open (waiting for people or the workflow) or closed requests, by page. */
export const listOrganizationRequestsQuery = z.strictObject({
  status: z.enum(['open', 'closed']).default('open'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
export type ListOrganizationRequestsQuery = z.infer<typeof listOrganizationRequestsQuery>;
