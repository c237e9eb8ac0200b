import * as z from 'zod/mini';
import { text } from '../http/fields';
import { route } from '../http/route';
import { groupAnswer, groupDefinition } from './portal.schema';

export const createGroupBody = z.strictObject({
  name: text(100),
  shared: z._default(z.boolean(), false),
  definition: groupDefinition(),
});
export type CreateGroupBody = z.infer<typeof createGroupBody>;

export const createGroupRoute = route({
  id: 'createGroup',
  method: 'POST',
  path: '/v1/portal/groups',
  auth: 'member',
  handler: 'functions/portal/create-group.handler.ts',
  summary: 'Create a custom group of products, families, or families at sites',
  body: createGroupBody,
  success: { 201: 'The group as stored' },
  responses: { 201: groupAnswer() },
  problems: [409],
  grants: ['table:write'],
});
