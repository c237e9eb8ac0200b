import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { membershipPolicy, membershipPolicyAnswer } from './membership.schema';

export const membershipPolicyBody = z.strictObject({ policy: membershipPolicy() });
export type MembershipPolicyBody = z.infer<typeof membershipPolicyBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function setMembershipPolicyAnswers() {
  return { 200: membershipPolicyAnswer() };
}

export const setMembershipPolicyRoute = route({
  id: 'setMembershipPolicy',
  method: 'PUT',
  path: '/v1/portal/membership-policy',
  auth: 'member',
  handler: 'functions/portal/set-membership-policy.handler.ts',
  summary: 'Administrators: set how people of the organization’s email domains join it',
  body: membershipPolicyBody,
  success: { 200: 'The membership policy as stored' },
  responses: answersOf<typeof setMembershipPolicyAnswers>(),
  problems: [409],
  grants: ['table:write'],
});
