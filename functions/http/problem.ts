import type { APIGatewayProxyResult } from 'aws-lambda';
import { PorticoError, type FieldProblem } from '../core/errors';
import { isUnavailable } from '../core/adapters/aws-errors';
import { PROBLEM_CONTENT_TYPE } from './gateway-responses';
import { SECURITY_HEADERS } from './response';
import { DEFAULT_LOCALE, type Locale } from '../core/i18n/locale';
import { PASSWORD_POLICY } from '../core/domain/password-policy';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../core/domain/idempotency';
import { catalogArea } from '../core/i18n/catalogs';
import * as en from './messages/compiled/en';

type Words = typeof en;
/** French, German and Japanese: loaded at run time (functions/core/i18n/catalogs.ts, docs/languages.md). */
// Pure: a bundle that formats none of these words drops the area, so it neither ships nor loads it.
const catalog = /* @__PURE__ */ catalogArea<Words>('http/messages');

/**
 * The words of problem documents and field errors in `locale` (functions/http/messages): English is in the
 * bundle; another locale once loaded (the API handler makes the request's ready first), else English.
 */
export function problemWords(locale: Locale): Words {
  return catalog.in(locale) ?? en;
}
type Message = (values?: Readonly<Record<string, unknown>>) => string;

function wordOf(group: Readonly<Record<string, Message>>, key: string | undefined): Message | undefined {
  return key !== undefined && Object.hasOwn(group, key) ? group[key] : undefined;
}

/** A problem's title and detail in `locale`: English is the error's own text; others their translation, if any. */
function inLocale(error: PorticoError, locale: Locale, words: Words): { title: string; detail: string } {
  return {
    title: wordOf(words.titles, error.titleKey)?.() ?? error.title,
    detail:
      error.detailMessage?.(locale, error.detailValues) ??
      wordOf(words.details, error.detailKey)?.(error.detailValues) ??
      error.message,
  };
}

/** The values of the fixed field messages (functions/http/fields.ts, the password policy, the idempotency key). */
const FIELD_VALUES = {
  minLength: PASSWORD_POLICY.minLength,
  maxLength: PASSWORD_POLICY.maxLength,
  maxKeyLength: MAX_IDEMPOTENCY_KEY_LENGTH,
};
/** The key of each fixed English field message, found by its text. */
let fieldKeys: Map<string, string> | undefined;

/**
 * A field message (English, as the schema or the use case wrote it) in `locale`: by its key when it names one
 * (a message made of values), else by its English text; one without a translation stays English.
 */
export function fieldMessageIn(
  locale: Locale,
  message: string,
  key?: string,
  values: Readonly<Record<string, unknown>> = FIELD_VALUES,
): string {
  if (locale === DEFAULT_LOCALE) return message;
  fieldKeys ??= new Map(
    Object.entries(en.fields).map(([name, english]: [string, Message]) => [english(FIELD_VALUES), name]),
  );
  const words: Readonly<Record<string, Message>> = problemWords(locale).fields;
  return wordOf(words, key ?? fieldKeys.get(message))?.(values) ?? message;
}

/** The field problems of a 400 as the document shows them: pointer and detail, the detail in `locale`. */
function fieldsIn(locale: Locale, errors: unknown): unknown {
  if (!Array.isArray(errors)) return errors;
  return (errors as FieldProblem[]).map(({ pointer, detail, detailKey, detailValues }) => ({
    pointer,
    detail: fieldMessageIn(locale, detail, detailKey, detailValues),
  }));
}

/** RFC 9457 problem document. Extension members sit beside the standard ones. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export function problemResponse(
  problem: ProblemDocument,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': PROBLEM_CONTENT_TYPE, ...headers },
    body: JSON.stringify(problem),
  };
}

/**
 * The only place an error becomes a response. A PorticoError shows its own safe message; an AWS service that
 * is down or throttling becomes 503; anything else is a bug and shows nothing but a request id.
 */
export function problemFor(
  error: unknown,
  context: { instance?: string; requestId?: string; locale?: Locale },
): APIGatewayProxyResult {
  const locale = context.locale ?? DEFAULT_LOCALE;
  const words = problemWords(locale);
  const where = {
    ...(context.instance ? { instance: context.instance } : {}),
    ...(context.requestId ? { requestId: context.requestId } : {}),
  };
  if (error instanceof PorticoError) {
    return problemResponse(
      {
        type: `/problems/${error.type}`,
        ...(locale === DEFAULT_LOCALE
          ? { title: error.title, detail: error.message }
          : inLocale(error, locale, words)),
        status: error.status,
        ...where,
        ...error.extensionsIn(locale),
        ...('errors' in error.extensions ? { errors: fieldsIn(locale, error.extensions.errors) } : {}),
      },
      error.headers,
    );
  }
  if (isUnavailable(error)) {
    return problemResponse(
      {
        type: '/problems/service-unavailable',
        title: words.titles.serviceUnavailable(),
        status: 503,
        detail: words.details.dependencyUnavailable(),
        retryAfterSeconds: 30,
        ...where,
      },
      { 'Retry-After': '30' },
    );
  }
  return problemResponse({
    type: '/problems/internal-error',
    title: words.titles.internalError(),
    status: 500,
    detail: words.details.internalError(),
    ...where,
  });
}
