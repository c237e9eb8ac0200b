import { answersOf, route } from '../http/route';
import { membershipPolicyAnswer } from './membership.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function getMembershipPolicyAnswers() {
  return { 200: membershipPolicyAnswer() };
}

export const getMembershipPolicyRoute = route({
  id: 'getMembershipPolicy',
  method: 'GET',
  path: '/v1/portal/membership-policy',
  auth: 'member',
  handler: 'functions/portal/get-membership-policy.handler.ts',
  summary: 'Administrators: how people of the organization’s email domains join it',
  body: undefined,
  success: { 200: 'The membership policy' },
  responses: answersOf<typeof getMembershipPolicyAnswers>(),
  grants: ['table:read'],
});
