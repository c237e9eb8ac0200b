import type * as z from 'zod/mini';

/**
 * What a route is: the shape of one entry of the route list (functions/routes.ts). Each route is declared in a
 * module of its own (`functions/<area>/<name>.route.ts`) that its handler imports alone, so a Lambda bundle
 * holds, and its cold start builds, only its own route's schemas; functions/routes.ts gathers them all for the
 * CDK API (lib/api.ts), the local server and the OpenAPI document.
 */

/** Any zod schema (zod/mini in production; classic zod schemas fit too). */
export type Schema = z.core.$ZodType;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * - `public`: no token (sign-up and code routes).
 * - `user`: a valid Cognito ID token; the handler gets the caller's `sub` and email from the authorizer.
 * - `member`: as `user`, and the account must be an active business account (else 403).
 * - `operator`: as `user`, and the caller must be in the Cognito group `OPERATORS_GROUP` (else 403).
 */
export type RouteAuth = 'public' | 'user' | 'member' | 'operator';

/** The Cognito group of support operators, who review new organizations. */
export const OPERATORS_GROUP = 'operators';

/** What a route's function may touch; the CDK construct turns each into a least-privilege grant. */
export type RouteGrant =
  | 'table:read'
  | 'table:write'
  | 'identity:admin'
  /** Page the pool and its operators' group, delete users (identity reconciliation only). */
  | 'identity:reconcile'
  | 'mail:send'
  | 'code-secret:read'
  | 'workflow:start'
  | 'exports:start'
  | 'exports:read';

/** The 2xx statuses a handler may answer with. */
export type SuccessStatus = 200 | 201 | 202 | 204;

/** The 2xx statuses that carry a JSON body, and so a schema. */
export type AnswerStatus = Exclude<SuccessStatus, 204>;

/** The schema of each 2xx JSON answer of a route whose answers are `TSuccess`: one for each but 204. */
export type ResponseSchemas<TSuccess extends SuccessStatus> = {
  readonly [Status in Exclude<TSuccess, 204>]: Schema;
};

/** `T` with every object and array read-only: a view built from read-only domain records fits it. */
export type DeepReadonly<T> = T extends readonly (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends object
    ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
    : T;

/** The answer schemas of any route. */
export type AnyResponseSchemas = { readonly [Status in AnswerStatus]?: Schema };

declare const answerTypes: unique symbol;

/** Carries the type of a route's answer schemas, and no value (see RouteDefinition.responses). */
export interface AnswerTypes<TResponses extends AnyResponseSchemas> {
  readonly [answerTypes]?: TResponses;
}

/** The answer schemas a route declares: the type its `responses` carries. */
export type ResponsesOf<TRoute> = TRoute extends { readonly responses: AnswerTypes<infer TResponses> }
  ? TResponses
  : never;

/** `responses` of a route whose module exports `build` as its answers: `answersOf<typeof xAnswers>()`. */
export function answersOf<TBuild extends () => AnyResponseSchemas>(): AnswerTypes<ReturnType<TBuild>> {
  return NO_VALUE;
}

const NO_VALUE: AnswerTypes<never> = Object.freeze({});

/**
 * Problem statuses a route's use case answers on purpose beyond those its shape already implies (OpenAPI):
 * 400 for any input, 413/415 for a body, 401 when signed in, 403 for `member`/`operator`, 404 for a path with
 * parameters, and 429, 500, 503 everywhere.
 */
export type RouteProblemStatus = 403 | 404 | 409 | 422 | 429;

/**
 * A route function that needs more than the defaults (512 MB, 10 s). lib/api.ts applies both; the local server
 * gives the handler the same timeout (its Lambda context counts down from it), not the memory.
 */
export interface RouteFunctionSettings {
  /** Memory in MB; CPU scales with it (1,769 MB is one vCPU). @default 512 */
  readonly memorySize?: number;
  /**
   * Longest run of one invocation, in whole seconds: at most 29, API Gateway's integration timeout (a longer
   * run would answer nobody; lib/api.ts refuses it). @default 10
   */
  readonly timeoutSeconds?: number;
}

export interface RouteDefinition<
  TBody extends Schema | undefined = Schema | undefined,
  TAuth extends RouteAuth = RouteAuth,
  TQuery extends Schema | undefined = Schema | undefined,
  TPath extends Schema | undefined = Schema | undefined,
  TSuccess extends SuccessStatus = SuccessStatus,
  TResponses extends AnyResponseSchemas = AnyResponseSchemas,
> {
  /** Stable identifier; also names the Lambda function and is the OpenAPI operationId. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway resource path, e.g. `/v1/me/registration`. */
  readonly path: string;
  readonly auth: TAuth;
  /** Module (relative to the repository root) that exports `handler`. */
  readonly handler: string;
  readonly summary: string;
  /** Schema of the JSON body, which apiHandler parses; undefined when there is none (or the handler reads it). */
  readonly body: TBody;
  /**
   * Schema of the query string, which apiHandler parses (400 with `query:/<name>` pointers). A route without one
   * ignores whatever query string it is sent.
   */
  readonly query?: TQuery;
  /** Schema of the `{name}` parameters of `path`, which apiHandler parses (400 with `path:/<name>` pointers). */
  readonly pathParameters?: TPath;
  /**
   * A body the handler reads itself (not JSON only): its schema per media type, for the OpenAPI document. The
   * handler is the one that enforces it.
   */
  readonly requestMediaTypes?: Readonly<Record<string, Schema>>;
  /** The 2xx answers of the route and what each means; the handler may answer no other (apiHandler's type). */
  readonly success: { readonly [Status in TSuccess]?: string };
  /**
   * The type of each 2xx JSON answer's schema (a 204 has none), required for every status of `success` but 204
   * (route() checks it), and nothing at run time: `answersOf<typeof xAnswers>()`. The schemas themselves are
   * built by a function the route module exports beside the route (`export function xAnswers()`), which only
   * the route list (functions/routes.ts: `answerSchemasOf`) calls, for the OpenAPI document and the tests that
   * parse every answer (test/support/contract.ts). A handler imports the route alone, so its bundle leaves that
   * function out (tree shaking) and pays nothing for the contract; apiHandler still checks at compile time that
   * the handler's body has the schema's output type.
   */
  readonly responses: AnswerTypes<TResponses>;
  /**
   * Other representations of the 2xx answer, sent as files rather than JSON (media type → what it holds), which a
   * query parameter of the route chooses (e.g. `format=csv`).
   */
  readonly responseFiles?: Readonly<Record<string, string>>;
  /** Problem statuses the use case answers beyond those the route's shape implies (see RouteProblemStatus). */
  readonly problems?: readonly RouteProblemStatus[];
  readonly grants: readonly RouteGrant[];
  /**
   * A public route that sends a one-time code or checks one (sign-up, verify, resend, password reset …): the web
   * ACL (lib/waf.ts) allows each client address far fewer requests to these than to the rest of the API. Set it
   * on every such route, so a new one is covered without touching the WAF.
   */
  readonly strictRateLimit?: boolean;
  /** Memory and timeout of the route's function, when the defaults do not fit. */
  readonly function?: RouteFunctionSettings;
}

export function route<
  TBody extends Schema | undefined,
  TAuth extends RouteAuth,
  TSuccess extends SuccessStatus,
  TResponses extends ResponseSchemas<TSuccess>,
  TQuery extends Schema | undefined = undefined,
  TPath extends Schema | undefined = undefined,
>(
  definition: RouteDefinition<TBody, TAuth, TQuery, TPath, TSuccess, TResponses>,
): RouteDefinition<TBody, TAuth, TQuery, TPath, TSuccess, TResponses> {
  return definition;
}

/** Every write route takes an Idempotency-Key; a read is idempotent by nature. */
export function takesIdempotencyKey(route: Pick<RouteDefinition, 'method'>): boolean {
  return route.method !== 'GET';
}
