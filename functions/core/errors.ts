/**
 * The one family of errors a use case may throw on purpose. Each carries its HTTP status and a message that is
 * safe to show; the problem-details middleware turns it into RFC 9457 problem+json. Anything else that escapes
 * a handler is a bug and becomes a generic 500 without detail.
 */
/** A problem detail in every language: formats it in `locale` (functions/core/i18n/details/compiled/index.js). */
export type DetailMessage = (locale: string, values?: Readonly<Record<string, unknown>>) => string;

export interface FieldProblem {
  /** JSON Pointer (RFC 6901) to the offending field, e.g. `/address/city`. */
  readonly pointer: string;
  readonly detail: string;
  /**
   * The key of `detail` among the `fields` of functions/http/messages, with its values, for a detail made of
   * values; a fixed detail is found by its English text. Neither is shown: the problem document has `pointer`
   * and `detail` in the reader's language.
   */
  readonly detailKey?: string;
  readonly detailValues?: Readonly<Record<string, unknown>>;
}

/** The values of a detail naming an organization when its name is known, else "your organization". */
export function namedOrganization(name: string | undefined): Readonly<Record<string, string>> {
  return { named: name ? 'yes' : 'no', organization: name ?? '' };
}

export abstract class PorticoError extends Error {
  abstract readonly status: number;
  /** Short problem type slug, published as `/problems/<type>`. */
  abstract readonly type: string;
  abstract readonly title: string;
  /** The key of `title` among the titles of functions/http/messages (docs/languages.md). */
  abstract readonly titleKey: string;
  /**
   * The translation of `detail` (`keyed`): a message of functions/core/i18n/details (`details.noSuchGroup`), or
   * the key of one among the details of functions/http/messages (the HTTP layer's own), with its values;
   * without one, every language gets the English `detail`.
   */
  detailKey: string | undefined;
  detailMessage: DetailMessage | undefined;
  detailValues: Readonly<Record<string, unknown>> = {};
  /**
   * The translation of the `description` of the `nextStep` extension (`nextStepKeyed`): a message of
   * functions/core/i18n/answers, named by the thrower, so a function bundles only the next steps it can show.
   */
  nextStepMessage: DetailMessage | undefined;
  /** Extra members of the problem document (RFC 9457 §3.2), safe to show. */
  readonly extensions: Record<string, unknown>;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    detail: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail);
    this.extensions = extensions;
    this.headers = headers;
  }

  /**
   * Names the translated message of `detail` (English stays `detail` itself, for the logs): a message of
   * functions/core/i18n/details, so a function bundles only the details it can raise, or a key of the HTTP
   * layer's details.
   */
  keyed(detail: DetailMessage | string, values: Readonly<Record<string, unknown>> = {}): this {
    if (typeof detail === 'string') this.detailKey = detail;
    else this.detailMessage = detail;
    this.detailValues = values;
    return this;
  }

  /**
   * Names the translated message of the `nextStep` extension's `description` (English stays the step's own):
   * `answerWords.nextStepVerifyEmail` when the step is known where it is thrown, `nextStepWordsOf(state)` when
   * only the run time knows it.
   */
  nextStepKeyed(description: DetailMessage): this {
    this.nextStepMessage = description;
    return this;
  }

  /** The extension members as a reader of `locale` sees them: the next step's description in that language. */
  extensionsIn(locale: string): Record<string, unknown> {
    const { nextStep } = this.extensions;
    if (locale === 'en' || this.nextStepMessage === undefined || !isDescribed(nextStep))
      return this.extensions;
    return { ...this.extensions, nextStep: { ...nextStep, description: this.nextStepMessage(locale) } };
  }
}

function isDescribed(value: unknown): value is { readonly description: string } {
  return typeof value === 'object' && value !== null && 'description' in value;
}

export class ValidationError extends PorticoError {
  readonly status = 400;
  readonly type = 'validation-error';
  readonly title = 'The request is not valid';
  readonly titleKey = 'validation';
  constructor(detail: string, errors: readonly FieldProblem[]) {
    super(detail, { errors });
  }
}

export class MalformedRequestError extends PorticoError {
  readonly status = 400;
  readonly type = 'malformed-request';
  readonly title = 'The request body could not be read';
  readonly titleKey = 'malformed';
}

export class UnsupportedMediaTypeError extends PorticoError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
  readonly titleKey = 'unsupportedMediaType';
}

export class PayloadTooLargeError extends PorticoError {
  readonly status = 413;
  readonly type = 'payload-too-large';
  readonly title = 'Payload too large';
  readonly titleKey = 'payloadTooLarge';
}

export class UnauthorizedError extends PorticoError {
  readonly status = 401;
  readonly type = 'unauthorized';
  readonly title = 'Unauthorized';
  readonly titleKey = 'unauthorized';
}

/** An error whose problem type is named where it is thrown, so a client knows what to do next. */
abstract class TypedPorticoError extends PorticoError {
  constructor(
    readonly type: string,
    detail: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail, extensions, headers);
  }
}

/** 403 with a machine-readable reason (e.g. verify first, business account required). */
export class ForbiddenError extends TypedPorticoError {
  readonly status = 403;
  readonly title = 'Forbidden';
  readonly titleKey = 'forbidden';
}

export class NotFoundError extends PorticoError {
  readonly status = 404;
  readonly type = 'not-found';
  readonly title = 'Not found';
  readonly titleKey = 'notFound';
}

export class ConflictError extends TypedPorticoError {
  readonly status = 409;
  readonly title = 'Conflict';
  readonly titleKey = 'conflict';
}

/** Well-formed request that the rules refuse, e.g. company access with a personal email address. */
export class UnprocessableError extends TypedPorticoError {
  readonly status = 422;
  readonly title = 'The request cannot be processed';
  readonly titleKey = 'unprocessable';
}

/** A one-time code that cannot be accepted (wrong, expired, used up). */
export class InvalidCodeError extends TypedPorticoError {
  readonly status = 400;
  readonly title = 'The code cannot be accepted';
  readonly titleKey = 'invalidCode';
  constructor(
    type: 'invalid-code' | 'code-expired' | 'code-attempts-exhausted',
    detail: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(type, detail, extensions);
  }
}

export class TooManyRequestsError extends PorticoError {
  readonly status = 429;
  readonly type = 'too-many-requests';
  readonly title = 'Too many requests';
  readonly titleKey = 'tooManyRequests';
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** A dependency (email, identity provider, database) is unavailable; nothing was half done. */
export class ServiceUnavailableError extends PorticoError {
  readonly status = 503;
  readonly type = 'service-unavailable';
  readonly title = 'Service unavailable';
  readonly titleKey = 'serviceUnavailable';
  constructor(detail: string, retryAfterSeconds = 30) {
    super(detail, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
  }
}
