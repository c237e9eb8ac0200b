import type { AnswerOf, ApiPath, BodyOf, HttpMethod, PathParametersOf, PathsOf, QueryOf } from './api-types';
import { t } from './i18n';

/**
 * The one HTTP client of the Portico API: same origin, relative `/v1/...` paths, the ID token as Bearer, JSON
 * in and out. Every answer that is not 2xx becomes an ApiProblem carrying the problem+json document
 * (RFC 9457): `detail` to show, `errors` to put next to the fields they name.
 */

export interface FieldProblem {
  /** JSON Pointer into the body (`/address/city`), or `query:/name`, `path:/name`. */
  readonly pointer: string;
  readonly detail: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    /** The problem's slug: `validation-error`, `invalid-code`, `network-error` … */
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldProblem[] = [],
    readonly retryAfterSeconds?: number,
    readonly requestId?: string,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

export type Query = Record<string, string | number | undefined>;

/** What a call may carry: the operation's JSON body, its query and its path parameters, each as it types them. */
export type CallOptions<M extends HttpMethod, P extends ApiPath> = ([BodyOf<M, P>] extends [never]
  ? { body?: undefined }
  : { body: BodyOf<M, P> }) &
  /** Sent as `Idempotency-Key`: a retry of the same write under the same key is answered, not done twice. */
  { idempotencyKey?: string } & ([QueryOf<M, P>] extends [never]
    ? { query?: undefined }
    : { query?: QueryOf<M, P> }) &
  ([PathParametersOf<M, P>] extends [never] ? { path?: undefined } : { path: PathParametersOf<M, P> });

export interface ApiClientOptions {
  /** The current ID token, refreshed first when it is about to expire; undefined when signed out. */
  readonly token: () => Promise<string | undefined>;
  /** A 401 on a signed-in call: the session is over. */
  readonly onUnauthorized: () => void;
  /** The page's language, sent as `Accept-Language` so problems come back in it. */
  readonly locale?: () => string;
}

/**
 * A call of one operation of the document, typed by it (api-types.ts): `path` is the documented template
 * (`/v1/portal/groups/{groupId}`) with its parameters in `options.path`, and the promise holds the operation's
 * 2xx answer.
 */
export type ApiClient = <M extends HttpMethod, P extends PathsOf<M>>(
  method: M,
  path: P,
  ...options: Record<never, never> extends CallOptions<M, P>
    ? [options?: CallOptions<M, P>]
    : [options: CallOptions<M, P>]
) => Promise<AnswerOf<M, P>>;

/** The path with its `{name}` parameters filled in. */
export function fillPath(template: string, parameters: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (placeholder: string, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new Error(`no value for ${placeholder} in ${template}`);
    return encodeURIComponent(value);
  });
}

export function pathWithQuery(path: string, query: Query = {}): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') parameters.set(name, String(value));
  }
  const text = parameters.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * A call whose body is text of another media type (a CSV upload): the same client, the body sent as it is.
 * `app.api` is one (`rawCall(app.api)`), typed loosely since the document types only JSON bodies here.
 */
export type RawCall = (
  method: HttpMethod,
  template: string,
  request: RawRequest,
) => Promise<Record<string, unknown> | undefined>;

interface RawRequest {
  body?: unknown;
  /** Sent as it is, with its media type, instead of JSON. */
  text?: { readonly contentType: string; readonly content: string };
  idempotencyKey?: string;
  query?: Query;
  path?: Readonly<Record<string, string>>;
}

export const rawCall = (client: ApiClient): RawCall => client as unknown as RawCall;

export function createApiClient(options: ApiClientOptions): ApiClient {
  return async function call(method: HttpMethod, template: string, request: RawRequest = {}) {
    const path = fillPath(template, request.path);
    const token = await options.token();
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.locale) headers['Accept-Language'] = options.locale();
    if (request.idempotencyKey) headers['Idempotency-Key'] = request.idempotencyKey;
    if (request.text) headers['Content-Type'] = request.text.contentType;
    else if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(pathWithQuery(path, request.query), {
        method,
        headers,
        ...(request.text
          ? { body: request.text.content }
          : request.body === undefined
            ? {}
            : { body: JSON.stringify(request.body) }),
      });
    } catch {
      throw new ApiProblem(0, 'network-error', t('api.networkError'), t('api.unreachable'));
    }
    if (response.status === 204) return undefined;
    const text = await response.text();
    let document: Record<string, unknown> = {};
    try {
      document = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    // The document types the answer; the tests check the API answers what it says (test/support/contract.ts).
    if (response.ok) return document;
    if (response.status === 401 && token) options.onUnauthorized();
    throw problemOf(response, document);
  } as ApiClient;
}

function problemOf(response: Response, document: Record<string, unknown>): ApiProblem {
  const type =
    typeof document.type === 'string' ? document.type.replace(/^.*\/problems\//, '') : 'http-error';
  const errors = Array.isArray(document.errors)
    ? (document.errors as unknown[]).filter(
        (entry): entry is FieldProblem =>
          typeof entry === 'object' &&
          entry !== null &&
          typeof (entry as FieldProblem).pointer === 'string' &&
          typeof (entry as FieldProblem).detail === 'string',
      )
    : [];
  const retryHeader = Number(response.headers.get('Retry-After'));
  const retryAfterSeconds =
    typeof document.retryAfterSeconds === 'number'
      ? document.retryAfterSeconds
      : Number.isFinite(retryHeader) && retryHeader > 0
        ? retryHeader
        : undefined;
  return new ApiProblem(
    response.status,
    type,
    typeof document.title === 'string' ? document.title : response.statusText,
    typeof document.detail === 'string' ? document.detail : t('api.failed', { status: response.status }),
    errors,
    retryAfterSeconds,
    typeof document.requestId === 'string' ? document.requestId : undefined,
  );
}
