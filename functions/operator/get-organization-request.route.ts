import { answersOf, route } from '../http/route';
import { operatorRequestAnswer, requestPath } from './operator.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function getOrganizationRequestAnswers() {
  return { 200: operatorRequestAnswer() };
}

export const getOrganizationRequestRoute = route({
  id: 'getOrganizationRequest',
  method: 'GET',
  path: '/v1/operator/organization-requests/{requestId}',
  auth: 'operator',
  handler: 'functions/operator/get-organization-request.handler.ts',
  summary: 'Operators: one organization request with its requesters and history',
  body: undefined,
  pathParameters: requestPath(),
  success: { 200: 'The request with its requesters, decision and history' },
  responses: answersOf<typeof getOrganizationRequestAnswers>(),
  grants: ['table:read'],
});
