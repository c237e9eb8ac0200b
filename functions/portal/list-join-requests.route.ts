import { answersOf, route } from '../http/route';
import { joinRequestListAnswer } from './membership.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listJoinRequestsAnswers() {
  return { 200: joinRequestListAnswer() };
}

export const listJoinRequestsRoute = route({
  id: 'listJoinRequests',
  method: 'GET',
  path: '/v1/portal/join-requests',
  auth: 'member',
  handler: 'functions/portal/list-join-requests.handler.ts',
  summary: 'Administrators: the requests to join the organization waiting for a decision',
  body: undefined,
  success: { 200: 'The waiting join requests, oldest first' },
  responses: answersOf<typeof listJoinRequestsAnswers>(),
  grants: ['table:read'],
});
