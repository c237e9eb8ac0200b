import { answersOf, route } from '../http/route';
import { visibilityAnswer } from './portal.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function getVisibilityAnswers() {
  return { 200: visibilityAnswer() };
}

export const getVisibilityRoute = route({
  id: 'getVisibility',
  method: 'GET',
  path: '/v1/portal/visibility',
  auth: 'member',
  handler: 'functions/portal/get-visibility.handler.ts',
  summary: 'Administrators: which sites and product families members see',
  body: undefined,
  success: { 200: 'The visibility rules' },
  responses: answersOf<typeof getVisibilityAnswers>(),
  grants: ['table:read'],
});
