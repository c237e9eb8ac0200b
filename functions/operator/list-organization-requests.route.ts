import * as z from 'zod/mini';
import { pageCursor, pageLimit } from '../http/fields';
import { answersOf, route } from '../http/route';
import { operatorRequestAnswer } from './operator.schema';

/** Query of the operators' list: open (waiting for people or the workflow) or closed requests, by page. */
export const listOrganizationRequestsQuery = z.strictObject({
  status: z._default(z.enum(['open', 'closed']), 'open'),
  limit: pageLimit(),
  cursor: pageCursor('The `nextCursor` the previous page answered'),
});
export type ListOrganizationRequestsQuery = z.infer<typeof listOrganizationRequestsQuery>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listOrganizationRequestsAnswers() {
  return {
    200: z
      .strictObject({
        items: z.array(operatorRequestAnswer()),
        nextCursor: z.nullable(
          z
            .string()
            .check(z.meta({ description: 'Pass it as `cursor` to get the next page; null on the last' })),
        ),
      })
      .check(z.meta({ description: 'One page of organization requests, newest first' })),
  };
}

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
  responses: answersOf<typeof listOrganizationRequestsAnswers>(),
  grants: ['table:read'],
});
