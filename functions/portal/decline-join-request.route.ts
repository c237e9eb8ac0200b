import * as z from 'zod/mini';
import { DECLINE_REASON_MAX } from '../core/domain/membership-policy';
import { answersOf, route } from '../http/route';
import { memberPath } from './change-member-role.route';
import { joinRequestDecisionAnswer } from './membership.schema';

export const declineJoinRequestBody = z.strictObject({
  reason: z.optional(
    z
      .string()
      .check(
        z.maxLength(DECLINE_REASON_MAX),
        z.meta({ description: 'Why, in a sentence: emailed to the person and kept in the audit log' }),
      ),
  ),
});
export type DeclineJoinRequestBody = z.infer<typeof declineJoinRequestBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function declineJoinRequestAnswers() {
  return { 200: joinRequestDecisionAnswer('DECLINED') };
}

export const declineJoinRequestRoute = route({
  id: 'declineJoinRequest',
  method: 'POST',
  path: '/v1/portal/join-requests/{userId}/decline',
  auth: 'member',
  handler: 'functions/portal/decline-join-request.handler.ts',
  summary: 'Administrators: decline a join request, with an optional reason emailed to the person',
  body: declineJoinRequestBody,
  pathParameters: memberPath,
  success: { 200: 'The request is declined; the person keeps limited access' },
  responses: answersOf<typeof declineJoinRequestAnswers>(),
  problems: [404, 409],
  grants: ['table:write', 'mail:send'],
});
