import * as z from 'zod/mini';
import { pageCursor, pageLimit } from '../http/fields';
import { answersOf, route } from '../http/route';
import { memberAnswer, page, PORTAL_CURSOR } from './portal.schema';

export const listMembersQuery = z.strictObject({ limit: pageLimit(), cursor: pageCursor(PORTAL_CURSOR) });
export type ListMembersQuery = z.infer<typeof listMembersQuery>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listMembersAnswers() {
  return { 200: page(memberAnswer(), 'One page of members, by name') };
}

export const listMembersRoute = route({
  id: 'listMembers',
  method: 'GET',
  path: '/v1/portal/members',
  auth: 'member',
  handler: 'functions/portal/list-members.handler.ts',
  summary: 'Administrators: the members of the organization and their roles, by page',
  body: undefined,
  query: listMembersQuery,
  success: { 200: 'One page of members with their roles, and the cursor of the next' },
  responses: answersOf<typeof listMembersAnswers>(),
  grants: ['table:read'],
});
