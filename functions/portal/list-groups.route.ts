import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { groupAnswer } from './portal.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listGroupsAnswers() {
  return {
    200: z
      .strictObject({ items: z.array(groupAnswer()) })
      .check(z.meta({ description: "The caller's groups and the organization's shared groups, by name" })),
  };
}

export const listGroupsRoute = route({
  id: 'listGroups',
  method: 'GET',
  path: '/v1/portal/groups',
  auth: 'member',
  handler: 'functions/portal/list-groups.handler.ts',
  summary: "The caller's custom groups and the groups shared with the organization",
  body: undefined,
  success: { 200: "The caller's groups and the organization's shared groups" },
  responses: answersOf<typeof listGroupsAnswers>(),
  grants: ['table:read'],
});
