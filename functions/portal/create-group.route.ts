import * as z from 'zod/mini';
import { text } from '../http/fields';
import { answersOf, route } from '../http/route';
import { groupAnswer, groupDefinition } from './portal.schema';

export const createGroupBody = z.strictObject({
  name: text(100),
  shared: z._default(z.boolean(), false),
  definition: groupDefinition(),
});
export type CreateGroupBody = z.infer<typeof createGroupBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function createGroupAnswers() {
  return { 201: groupAnswer() };
}

export const createGroupRoute = route({
  id: 'createGroup',
  method: 'POST',
  path: '/v1/portal/groups',
  auth: 'member',
  handler: 'functions/portal/create-group.handler.ts',
  summary: 'Create a custom group of products, families, or families at sites',
  body: createGroupBody,
  success: { 201: 'The group as stored' },
  responses: answersOf<typeof createGroupAnswers>(),
  problems: [409],
  grants: ['table:write'],
});
