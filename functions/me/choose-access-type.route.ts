import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { ACCESS_TYPES, accountAnswer } from './me.schema';

export { ACCESS_TYPES };

export const chooseAccessTypeBody = z.strictObject({
  accessType: z.enum(ACCESS_TYPES),
});
export type ChooseAccessTypeBody = z.infer<typeof chooseAccessTypeBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function chooseAccessTypeAnswers() {
  return { 200: accountAnswer() };
}

export const chooseAccessTypeRoute = route({
  id: 'chooseAccessType',
  method: 'PUT',
  path: '/v1/me/access-type',
  auth: 'user',
  handler: 'functions/me/choose-access-type.handler.ts',
  summary: 'Choose customer employee or partner access',
  body: chooseAccessTypeBody,
  success: { 200: 'The account after the choice' },
  responses: answersOf<typeof chooseAccessTypeAnswers>(),
  problems: [403, 404, 409],
  grants: ['table:write'],
});
