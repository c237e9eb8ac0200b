import { answersOf, route } from '../http/route';
import { accountAnswer } from './me.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function getAccountAnswers() {
  return { 200: accountAnswer() };
}

export const getAccountRoute = route({
  id: 'getAccount',
  method: 'GET',
  path: '/v1/me',
  auth: 'user',
  handler: 'functions/me/get-account.handler.ts',
  summary: "The caller's account: state, next step and access level",
  body: undefined,
  success: { 200: 'The account: state, next step, access level, restrictions' },
  responses: answersOf<typeof getAccountAnswers>(),
  problems: [404],
  grants: ['table:read'],
});
