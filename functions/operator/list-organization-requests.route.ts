import * as z from 'zod/mini';
import { pageCursor, pageLimit } from '../http/fields';
import { route } from '../http/route';

/** Query of the operators' list: open (waiting for people or the workflow) or closed requests, by page. */
export const listOrganizationRequestsQuery = z.strictObject({
  status: z._default(z.enum(['open', 'closed']), 'open'),
  limit: pageLimit(),
  cursor: pageCursor('The `nextCursor` the previous page answered'),
});
export type ListOrganizationRequestsQuery = z.infer<typeof listOrganizationRequestsQuery>;

export const listOrganizationRequestsRoute = route({
  id: 'listOrganizationRequests',
  method: 'GET',
  path: '/v1/operator/organization-requests',
  auth: 'operator',
  handler: 'functions/operator/list-organization-requests.handler.ts',
  summary: 'Operators: organization requests, open or closed, newest first, by page',
  body: undefined,
  query: listOrganizationRequestsQuery,
  success: { 200: 'One page of requests and the cursor of the next' },
  grants: ['table:read'],
});
