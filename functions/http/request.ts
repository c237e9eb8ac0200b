import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import {
  MalformedRequestError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  type FieldProblem,
} from '../core/errors';
// zod's English messages, which the logs carry; a 400 shows them in the request's language (zodErrorsIn).
import '../core/zod-locale';
import { zodErrorsIn } from '../core/zod-locale';
import { isLocale, negotiateLocale, type Locale } from '../core/i18n/locale';
import { ORGANIZATION_CLAIM } from '../core/domain/organization-claim';
import { fieldMessageIn, problemWords } from './problem';

/** Largest JSON body any route accepts; API Gateway's own 10 MB limit is far above what a form needs. */
export const MAX_BODY_BYTES = 16 * 1024;

/** A request header by name, whatever its case. */
export function headerOf(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/**
 * The language of the answer: the signed-in person's `locale` claim when the token carries one, else the best
 * match of `Accept-Language`, else English (functions/core/i18n/locale.ts).
 */
export function localeOf(event: APIGatewayProxyEvent): Locale {
  const claimed: unknown = (event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined)
    ?.locale;
  return isLocale(claimed) ? claimed : negotiateLocale(headerOf(event, 'accept-language'));
}

function pointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The value at `path` in `input`, or undefined when any step of the path is missing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/**
 * Zod issues as RFC 9457 field problems: one entry per field, unknown fields named one by one. `input` is what
 * was parsed: zod's issues leave it out, and it tells a missing field ("is required") from one of the wrong
 * type (zod's message says what it must be).
 */
export function fieldProblems(
  error: z.core.$ZodError,
  input: unknown,
  locale: Locale = 'en',
): FieldProblem[] {
  const words = problemWords(locale).fields;
  return error.issues.flatMap((issue): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: pointer([...issue.path, key]),
        detail: words.unknownField(),
      }));
    }
    if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
      return [{ pointer: pointer(issue.path), detail: words.required() }];
    }
    return [{ pointer: pointer(issue.path), detail: fieldMessageIn(locale, issue.message) }];
  });
}

/** The media type of the body (`Content-Type` without parameters, lower case), if any. */
export function mediaTypeOf(event: APIGatewayProxyEvent): string | undefined {
  return headerOf(event, 'content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** The body as text (decoded when API Gateway sent it base64), 413 above `maxBytes`; undefined when empty. */
export function bodyText(event: APIGatewayProxyEvent, maxBytes: number): string | undefined {
  const raw =
    event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (raw && Buffer.byteLength(raw, 'utf8') > maxBytes) {
    throw new PayloadTooLargeError(`The body must not exceed ${maxBytes} bytes.`).keyed('bodyTooLarge', {
      maxBytes,
    });
  }
  return raw && raw.trim() !== '' ? raw : undefined;
}

/** Parses JSON text; 400 malformed-request when it is not JSON. */
export function parseJsonText(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new MalformedRequestError('The body is not valid JSON.').keyed('notJson');
  }
}

/** Reads and validates a JSON body: 415 for another media type, 413 when too large, 400 otherwise. */
export function parseJsonBody<TSchema extends z.core.$ZodType>(
  event: APIGatewayProxyEvent,
  schema: TSchema,
): z.infer<TSchema> {
  if (mediaTypeOf(event) !== 'application/json') {
    throw new UnsupportedMediaTypeError('Send the body as JSON with "Content-Type: application/json".').keyed(
      'sendJson',
    );
  }
  const locale = localeOf(event);
  const raw = bodyText(event, MAX_BODY_BYTES);
  if (!raw) {
    throw new ValidationError('A JSON body is required.', [
      { pointer: '', detail: problemWords(locale).fields.required() },
    ]).keyed('jsonBodyRequired');
  }
  const json = parseJsonText(raw);
  const parsed = z.safeParse(schema, json, { error: zodErrorsIn(locale) });
  if (!parsed.success) {
    throw new ValidationError(
      'Some fields are missing or not valid.',
      fieldProblems(parsed.error, json, locale),
    ).keyed('fieldsInvalid');
  }
  return parsed.data;
}

/** The signed-in caller, as the Cognito authorizer (or the local server acting as it) put it in the event. */
export interface Caller {
  readonly userId: string;
  readonly email: string;
  /** Cognito's own word on the address (the ID token's `email_verified`). */
  readonly emailVerified: boolean;
  /** The caller's Cognito groups (`cognito:groups`). */
  readonly groups: readonly string[];
  /**
   * The organization the ID token names (ORGANIZATION_CLAIM), as it was when the token was issued: a hint for
   * reading early, never an authority (portal-access.ts readAsPortalMember).
   */
  readonly organizationHint?: string | undefined;
}

const authorizerClaims = z.object({
  sub: z.string().check(z.minLength(1)),
  email: z.string().check(z.minLength(3)),
  token_use: z.optional(z.literal('id')),
  // API Gateway passes claims as strings; a token carries a boolean.
  email_verified: z.optional(z.union([z.boolean(), z.enum(['true', 'false'])])),
  'cognito:groups': z.optional(z.union([z.array(z.string()), z.string()])),
});

/**
 * `cognito:groups` as the token has it (an array), as API Gateway REST passes it (a string such as
 * `operators,admins` or `[operators admins]`), or as JSON text.
 */
function groupsOf(claim: string | readonly string[] | undefined): string[] {
  if (claim === undefined) return [];
  if (typeof claim !== 'string') return [...claim];
  const text = claim.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.filter((group): group is string => typeof group === 'string');
    } catch {
      // Not JSON: API Gateway's own "[a b]" form.
    }
  }
  return text
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function callerOf(event: APIGatewayProxyEvent): Caller {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  const parsed = authorizerClaims.safeParse(claims);
  if (!parsed.success) throw new UnauthorizedError('Sign in and send your ID token.').keyed('signIn');
  const { sub, email, email_verified: verified } = parsed.data;
  return {
    userId: sub,
    email: email.toLowerCase(),
    emailVerified: verified === true || verified === 'true',
    groups: groupsOf(parsed.data['cognito:groups']),
    ...organizationHintOf(claims),
  };
}

/** The organization claim when it is a plausible id; anything else is ignored (it is only a hint). */
function organizationHintOf(claims: unknown): Pick<Caller, 'organizationHint'> {
  const value: unknown = (claims as Record<string, unknown>)[ORGANIZATION_CLAIM];
  return typeof value === 'string' && /^[\w.:-]{1,100}$/.test(value) ? { organizationHint: value } : {};
}

/** Validates path and query parameters with `schema`; 400 with one problem per parameter otherwise. */
export function parseParameters<TSchema extends z.core.$ZodType>(
  parameters: Record<string, string | undefined> | null | undefined,
  schema: TSchema,
  where: 'path' | 'query',
  locale: Locale = 'en',
): z.infer<TSchema> {
  const parsed = z.safeParse(schema, parameters ?? {}, { error: zodErrorsIn(locale) });
  if (!parsed.success) {
    throw new ValidationError(
      `Some ${where} parameters are not valid.`,
      fieldProblems(parsed.error, parameters ?? {}, locale).map((problem) => ({
        ...problem,
        pointer: `${where}:${problem.pointer}`,
      })),
    ).keyed('parametersInvalid', { where });
  }
  return parsed.data;
}
