import { route } from '../http/route';

export const listGroupsRoute = route({
  id: 'listGroups',
  method: 'GET',
  path: '/v1/portal/groups',
  auth: 'member',
  handler: 'functions/portal/list-groups.handler.ts',
  summary: "The caller's custom groups and the groups shared with the organization",
  body: undefined,
  success: { 200: "The caller's groups and the organization's shared groups" },
  grants: ['table:read'],
});
