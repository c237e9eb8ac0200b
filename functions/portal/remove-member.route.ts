import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { described } from '../http/fields';
import { memberPath } from './change-member-role.route';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function removeMemberAnswers() {
  return {
    200: z
      .strictObject({
        userId: described('The person whose membership ended'),
        outcome: z
          .enum(['REMOVED', 'LEFT'])
          .check(z.meta({ description: 'REMOVED; LEFT when administrators name themselves (leaving)' })),
        groupsDeleted: z
          .int()
          .check(z.minimum(0), z.meta({ description: 'Their product groups, deleted with the membership' })),
      })
      .check(z.meta({ description: 'The membership ended' })),
  };
}

export const removeMemberRoute = route({
  id: 'removeMember',
  method: 'DELETE',
  path: '/v1/portal/members/{userId}',
  auth: 'member',
  handler: 'functions/portal/remove-member.handler.ts',
  summary:
    'Administrators: remove a member (signed out at once, their groups deleted, back to limited access)',
  body: undefined,
  pathParameters: memberPath,
  success: { 200: 'The membership ended' },
  responses: answersOf<typeof removeMemberAnswers>(),
  problems: [404, 409],
  grants: ['table:write', 'identity:admin', 'mail:send'],
});
