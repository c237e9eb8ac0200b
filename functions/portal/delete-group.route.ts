import { route } from '../http/route';
import { groupPath } from './portal.schema';

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
  responses: {},
  problems: [409],
  grants: ['table:write'],
});
