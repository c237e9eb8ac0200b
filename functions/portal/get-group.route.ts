import { answersOf, route } from '../http/route';
import { groupAnswer, groupPath } from './portal.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function getGroupAnswers() {
  return { 200: groupAnswer() };
}

export const getGroupRoute = route({
  id: 'getGroup',
  method: 'GET',
  path: '/v1/portal/groups/{groupId}',
  auth: 'member',
  handler: 'functions/portal/get-group.handler.ts',
  summary: 'One custom group, as the caller may see it',
  body: undefined,
  pathParameters: groupPath(),
  success: { 200: 'The group, limited to what the caller may see' },
  responses: answersOf<typeof getGroupAnswers>(),
  grants: ['table:read'],
});
