import { answersOf, route } from '../http/route';
import { statusAnswer } from './account.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function signOutEverywhereAnswers() {
  return { 200: statusAnswer('SIGNED_OUT', 'Every session of the caller is signed out') };
}

export const signOutEverywhereRoute = route({
  id: 'signOutEverywhere',
  method: 'POST',
  path: '/v1/me/sign-out-everywhere',
  auth: 'user',
  handler: 'functions/account/sign-out-everywhere.handler.ts',
  summary: 'Sign out every session of the caller (refresh tokens stop working on every device)',
  body: undefined,
  success: { 200: 'Every session is signed out, this one included' },
  responses: answersOf<typeof signOutEverywhereAnswers>(),
  grants: ['table:write', 'identity:admin'],
});
