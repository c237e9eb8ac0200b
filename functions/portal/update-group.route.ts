import * as z from 'zod/mini';
import { text } from '../http/fields';
import { answersOf, route } from '../http/route';
import { groupAnswer, groupDefinition, groupPath } from './portal.schema';

/** Rename, share or unshare, or change what the group holds; at least one of them. */
export const updateGroupBody = z
  .strictObject({
    name: z.optional(text(100)),
    shared: z.optional(z.boolean()),
    definition: z.optional(groupDefinition()),
  })
  .check(
    z.refine((body) => Object.values(body).some((value) => value !== undefined), {
      message: 'must change at least one of name, shared, definition',
    }),
  );
export type UpdateGroupBody = z.infer<typeof updateGroupBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function updateGroupAnswers() {
  return { 200: groupAnswer() };
}

export const updateGroupRoute = route({
  id: 'updateGroup',
  method: 'PATCH',
  path: '/v1/portal/groups/{groupId}',
  auth: 'member',
  handler: 'functions/portal/update-group.handler.ts',
  summary: 'Rename, share or change one of your custom groups',
  body: updateGroupBody,
  pathParameters: groupPath(),
  success: { 200: 'The group as changed' },
  responses: answersOf<typeof updateGroupAnswers>(),
  problems: [409],
  grants: ['table:write'],
});
