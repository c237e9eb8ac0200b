import * as z from 'zod/mini';
import * as en from '../http/messages/compiled/en';
import { catalogArea } from './i18n/catalogs';
import { DEFAULT_LOCALE, type Locale } from './i18n/locale';

/**
 * zod/mini loads no locale: without one, every issue's message is just "Invalid input". Portico's own error map
 * instead of zod's locales (about 3 KB each in every function): the issue codes Portico's schemas raise, worded in
 * functions/http/messages (`zod`, ICU), English as zod's own English, French, German and Japanese loaded at run
 * time with the rest of that area (functions/core/i18n/catalogs.ts, docs/languages.md). Importing this module
 * gives the English messages the logs carry; `zodErrorsIn(locale)` the messages of a 400's field problems in the
 * request's language (functions/http/request.ts passes it to each parse). A schema's own message (`must be a
 * valid email address`) wins over the map, and is translated by its text (functions/http/problem.ts).
 * Every entry point that validates imports it: functions/http/request.ts for the API functions, the review
 * and jobs handlers.
 */

type Words = typeof en.zod;
type Issue = z.core.$ZodRawIssue;

// Pure: a bundle that never parses drops it (and the area, when nothing else formats it).
const catalog = /* @__PURE__ */ catalogArea<typeof en>('http/messages');

/** Sizes zod counts in units (the others are compared as values: numbers, dates). */
const UNITS: Readonly<Record<string, string>> = {
  string: 'characters',
  file: 'bytes',
  array: 'items',
  set: 'items',
  map: 'entries',
};

/** A value as zod's English writes it in a message: strings quoted, bigints with `n`. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}

/** What zod calls the type of `input` (its `util.parsedType`, for the codes a request can raise). */
function typeOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number')
    return Number.isNaN(input) ? 'nan' : Number.isFinite(input) ? 'number' : String(input);
  if (input instanceof Date) return 'date';
  return typeof input;
}

function bound(exact: boolean | undefined, inclusive: boolean | undefined): string {
  return exact ? 'exact' : inclusive ? 'inclusive' : 'other';
}

/** The message of one issue in `words`. */
function messageOf(issue: Issue, words: Words): string {
  switch (issue.code) {
    case 'invalid_type':
      return words.invalidType({ expected: issue.expected, received: typeOf(issue.input) });
    case 'invalid_value':
      return issue.values.length === 1
        ? words.invalidValue({ value: shown(issue.values[0]) })
        : words.invalidOption({ values: issue.values.map(shown).join('|') });
    case 'too_big': {
      const unit = UNITS[issue.origin];
      const values = {
        origin: issue.origin,
        bound: bound(issue.exact, issue.inclusive),
        maximum: issue.maximum.toString(),
        unit,
      };
      return unit ? words.tooBigCount(values) : words.tooBigValue(values);
    }
    case 'too_small': {
      const unit = UNITS[issue.origin];
      const values = {
        origin: issue.origin,
        bound: bound(issue.exact, issue.inclusive),
        minimum: issue.minimum.toString(),
        unit,
      };
      return unit ? words.tooSmallCount(values) : words.tooSmallValue(values);
    }
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern !== undefined
        ? words.invalidPattern({ pattern: issue.pattern })
        : words.invalidFormat({ format: issue.format });
    case 'not_multiple_of':
      return words.notMultipleOf({ divisor: String(issue.divisor) });
    case 'unrecognized_keys':
      return words.unrecognizedKeys({ count: issue.keys.length, keys: issue.keys.map(shown).join(', ') });
    case 'invalid_key':
      return words.invalidKey({ origin: issue.origin });
    case 'invalid_element':
      return words.invalidElement({ origin: issue.origin });
    case 'invalid_union':
      return 'options' in issue && Array.isArray(issue.options) && issue.options.length > 0
        ? words.invalidDiscriminator({ options: issue.options.map((one) => `'${String(one)}'`).join(' | ') })
        : words.invalidInput();
    default:
      return words.invalidInput();
  }
}

const errorMaps = new Map<Locale, z.core.$ZodErrorMap>();

/** The error map of `locale`: its words once loaded (the API handler loads the request's first), else English. */
export function zodErrorsIn(locale: Locale): z.core.$ZodErrorMap {
  let map = errorMaps.get(locale);
  if (!map) {
    map = (issue) => messageOf(issue, catalog.in(locale)?.zod ?? en.zod);
    errorMaps.set(locale, map);
  }
  return map;
}

z.config({ localeError: zodErrorsIn(DEFAULT_LOCALE) });
