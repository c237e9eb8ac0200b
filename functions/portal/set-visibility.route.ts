import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { allowList, family, siteId, visibilityAnswer } from './portal.schema';

/** `ALL`, or the allow list, for sites and for product families. */
export const visibilityBody = z.strictObject({ sites: allowList(siteId()), families: allowList(family()) });
export type VisibilityBody = z.infer<typeof visibilityBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function setVisibilityAnswers() {
  return { 200: visibilityAnswer() };
}

export const setVisibilityRoute = route({
  id: 'setVisibility',
  method: 'PUT',
  path: '/v1/portal/visibility',
  auth: 'member',
  handler: 'functions/portal/set-visibility.handler.ts',
  summary: 'Administrators: set which sites and product families members see',
  body: visibilityBody,
  success: { 200: 'The visibility rules as stored' },
  responses: answersOf<typeof setVisibilityAnswers>(),
  problems: [409],
  grants: ['table:write'],
});
