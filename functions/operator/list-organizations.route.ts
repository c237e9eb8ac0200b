import * as z from 'zod/mini';
import { described, pageCursor, pageLimit } from '../http/fields';
import { answersOf, route } from '../http/route';
import { directoryOrganizationAnswer, emailDomain } from './directory.schema';

export const listOrganizationsQuery = z.strictObject({
  name: z.optional(
    z
      .string()
      .check(z.trim(), z.maxLength(200))
      .check(z.meta({ description: 'A name prefix (case, accents and punctuation ignored)' })),
  ),
  domain: z.optional(
    emailDomain().check(z.meta({ description: 'Only the organizations owning this email domain' })),
  ),
  limit: pageLimit(),
  cursor: pageCursor('The `nextCursor` the previous page answered'),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listOrganizationsAnswers() {
  return {
    200: z
      .strictObject({
        items: z.array(directoryOrganizationAnswer()),
        nextCursor: z.nullable(described('Pass it as `cursor` to get the next page; null on the last')),
      })
      .check(z.meta({ description: 'One page of the directory, by name' })),
  };
}

export const listOrganizationsRoute = route({
  id: 'listOrganizations',
  method: 'GET',
  path: '/v1/operator/organizations',
  auth: 'operator',
  handler: 'functions/operator/list-organizations.handler.ts',
  summary: 'Operators: the organization directory by name (prefix) or by email domain, by page',
  body: undefined,
  query: listOrganizationsQuery,
  success: { 200: 'One page of organizations, by name, and the cursor of the next' },
  responses: answersOf<typeof listOrganizationsAnswers>(),
  grants: ['table:read'],
});
