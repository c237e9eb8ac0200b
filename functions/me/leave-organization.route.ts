import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { accountAnswer } from './me.schema';

export const leaveOrganizationBody = z.strictObject({
  organizationId: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(100),
      z.meta({ description: 'The organization you leave (yours): a stale page cannot leave another one' }),
    ),
});
export type LeaveOrganizationBody = z.infer<typeof leaveOrganizationBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function leaveOrganizationAnswers() {
  return {
    200: z
      .strictObject({
        outcome: z.literal('LEFT'),
        groupsDeleted: z
          .int()
          .check(z.minimum(0), z.meta({ description: 'Your product groups, deleted with the membership' })),
        account: accountAnswer(),
      })
      .check(z.meta({ description: 'The account after leaving: LIMITED, at REGISTER_BUSINESS' })),
  };
}

export const leaveOrganizationRoute = route({
  id: 'leaveOrganization',
  method: 'POST',
  path: '/v1/me/organization/leave',
  auth: 'user',
  handler: 'functions/me/leave-organization.handler.ts',
  summary: 'Leave your organization (your groups are deleted, every session signed out, limited access)',
  body: leaveOrganizationBody,
  success: { 200: 'You left the organization' },
  responses: answersOf<typeof leaveOrganizationAnswers>(),
  problems: [403, 404, 409],
  grants: ['table:write', 'identity:admin'],
});
