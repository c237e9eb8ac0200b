import { answersOf, route } from '../http/route';
import { memberPath } from './change-member-role.route';
import { joinRequestDecisionAnswer } from './membership.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function approveJoinRequestAnswers() {
  return { 200: joinRequestDecisionAnswer('APPROVED') };
}

export const approveJoinRequestRoute = route({
  id: 'approveJoinRequest',
  method: 'POST',
  path: '/v1/portal/join-requests/{userId}/approve',
  auth: 'member',
  handler: 'functions/portal/approve-join-request.handler.ts',
  summary: 'Administrators: approve a join request (the person joins at once, as by their domain)',
  body: undefined,
  pathParameters: memberPath,
  success: { 200: 'The person is a member (the role they took)' },
  responses: answersOf<typeof approveJoinRequestAnswers>(),
  problems: [404, 409],
  grants: ['table:write', 'mail:send'],
});
