import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { supportDigestChoiceAnswer } from './me.schema';

export const supportDigestBody = z.strictObject({ enabled: z.boolean() });

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function chooseSupportDigestAnswers() {
  return { 200: supportDigestChoiceAnswer() };
}

export const chooseSupportDigestRoute = route({
  id: 'chooseSupportDigest',
  method: 'PUT',
  path: '/v1/me/support-digest',
  auth: 'member',
  handler: 'functions/me/choose-support-digest.handler.ts',
  summary:
    'Turn the weekly support-expiry digest on or off (products entering EXPIRING or EXPIRED support, by site)',
  body: supportDigestBody,
  success: { 200: 'The choice saved; GET /v1/me shows it under organization.supportDigest' },
  responses: answersOf<typeof chooseSupportDigestAnswers>(),
  grants: ['table:write'],
});
