import * as z from 'zod/mini';
import { de, en, fr, ja } from 'zod/locales';
import type { Locale } from './i18n/locale';

/**
 * zod/mini loads no locale: without one, every issue's message is just "Invalid input". Importing this module
 * gives zod's English messages, which the logs carry, and `zodErrorsIn(locale)` the messages of a 400's field
 * problems in the request's language (functions/http/request.ts passes it to each parse). Only the four
 * locales Portico speaks, each imported by name (about 3 KB each): `z.locales` of all of them is 270 KB.
 * Every entry point that validates imports it: functions/http/request.ts for the API functions, the review
 * and jobs handlers.
 */
z.config(en());

const ZOD_LOCALES = { en, fr, de, ja } as const;
const errorMaps = new Map<Locale, z.core.$ZodErrorMap>();

/** zod's error map for `locale`, made at its first use. */
export function zodErrorsIn(locale: Locale): z.core.$ZodErrorMap {
  let map = errorMaps.get(locale);
  if (!map) {
    map = ZOD_LOCALES[locale]().localeError;
    errorMaps.set(locale, map);
  }
  return map;
}
