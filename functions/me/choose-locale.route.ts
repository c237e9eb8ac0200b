import * as z from 'zod/mini';
import { locale } from '../http/fields';
import { answersOf, route } from '../http/route';
import { accountAnswer } from './me.schema';

export const chooseLocaleBody = z.strictObject({
  locale: locale('The language of the emails and messages to this person'),
});
export type ChooseLocaleBody = z.infer<typeof chooseLocaleBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function chooseLocaleAnswers() {
  return { 200: accountAnswer() };
}

export const chooseLocaleRoute = route({
  id: 'chooseLocale',
  method: 'PUT',
  path: '/v1/me/locale',
  auth: 'user',
  handler: 'functions/me/choose-locale.handler.ts',
  summary: 'Choose the language of your emails and messages (en, fr, de, ja)',
  body: chooseLocaleBody,
  success: { 200: 'The account with its new locale' },
  responses: answersOf<typeof chooseLocaleAnswers>(),
  problems: [403, 404, 409],
  grants: ['table:write', 'identity:admin'],
});
