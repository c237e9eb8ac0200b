import * as z from 'zod/mini';
import { route } from '../http/route';
import { groupAnswer } from './portal.schema';

export const listGroupsRoute = route({
  id: 'listGroups',
  method: 'GET',
  path: '/v1/portal/groups',
  auth: 'member',
  handler: 'functions/portal/list-groups.handler.ts',
  summary: "The caller's custom groups and the groups shared with the organization",
  body: undefined,
  success: { 200: "The caller's groups and the organization's shared groups" },
  responses: {
    200: z
      .strictObject({ items: z.array(groupAnswer()) })
      .check(z.meta({ description: "The caller's groups and the organization's shared groups, by name" })),
  },
  grants: ['table:read'],
});
