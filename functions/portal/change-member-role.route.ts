import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { memberAnswer } from './portal.schema';

export const memberPath = z.object({
  userId: z.string().check(z.regex(/^[0-9A-Za-z-]{8,64}$/, 'is not a user id')),
});

export const memberRoleBody = z.strictObject({ role: z.enum(['MEMBER', 'ADMINISTRATOR']) });
export type MemberRoleBody = z.infer<typeof memberRoleBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function changeMemberRoleAnswers() {
  return { 200: memberAnswer() };
}

export const changeMemberRoleRoute = route({
  id: 'changeMemberRole',
  method: 'PUT',
  path: '/v1/portal/members/{userId}/role',
  auth: 'member',
  handler: 'functions/portal/change-member-role.handler.ts',
  summary: 'Administrators: promote a member to administrator or demote one',
  body: memberRoleBody,
  pathParameters: memberPath,
  success: { 200: 'The member with the new role' },
  responses: answersOf<typeof changeMemberRoleAnswers>(),
  problems: [409],
  grants: ['table:write'],
});
