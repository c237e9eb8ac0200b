import { answersOf, route } from '../http/route';
import { groupPath } from './portal.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function deleteGroupAnswers() {
  return {};
}

export const deleteGroupRoute = route({
  id: 'deleteGroup',
  method: 'DELETE',
  path: '/v1/portal/groups/{groupId}',
  auth: 'member',
  handler: 'functions/portal/delete-group.handler.ts',
  summary: 'Delete one of your custom groups',
  body: undefined,
  pathParameters: groupPath(),
  success: { 204: 'The group is gone' },
  responses: answersOf<typeof deleteGroupAnswers>(),
  problems: [409],
  grants: ['table:write'],
});
