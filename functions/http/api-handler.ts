import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { logger } from '../core/logger';
import { metrics } from '../core/metrics';
import { ForbiddenError } from '../core/errors';
import {
  OPERATORS_GROUP,
  type AnyResponseSchemas,
  type DeepReadonly,
  type RouteAuth,
  type RouteDefinition,
  type Schema,
  type SuccessStatus,
  takesIdempotencyKey,
} from './route';
import { problemFor } from './problem';
import { callerOf, localeOf, parseJsonBody, parseParameters, type Caller } from './request';
import { toProxyResult, type ApiResult } from './response';
import type { Locale } from '../core/i18n/locale';
import { readyLocale } from '../core/i18n/catalogs';

/** What a route's handler gets: the body, query and path parameters as the route's schemas parsed them. */
export interface ApiRequest<TBody, TAuth extends RouteAuth, TQuery = undefined, TPath = undefined> {
  readonly body: TBody;
  /** The query string as the route's `query` schema parsed it (defaults applied); undefined without one. */
  readonly query: TQuery;
  /** The path parameters as the route's `pathParameters` schema parsed them; undefined without one. */
  readonly path: TPath;
  readonly caller: TAuth extends 'public' ? undefined : Caller;
  readonly event: APIGatewayProxyEvent;
  /** The language of the answer: the caller's `locale` claim, else `Accept-Language`, else English. */
  readonly locale: Locale;
}

/** What a schema of the route parses to, or undefined when the route has none. */
type Parsed<TSchema> = TSchema extends Schema ? z.infer<TSchema> : undefined;

/**
 * What a handler may answer: one of its route's success statuses, with a body of the output type of the schema
 * the route declares for that status (none for 204). Checked by the compiler only; nothing parses it at run time.
 */
export type RouteAnswer<
  TSuccess extends SuccessStatus,
  TResponses extends AnyResponseSchemas,
> = TSuccess extends 204
  ? ApiResult<204> & { readonly body?: undefined }
  : TSuccess extends keyof TResponses
    ? TResponses[TSuccess] extends Schema
      ? | (ApiResult<TSuccess> & { readonly body: DeepReadonly<z.output<TResponses[TSuccess]>> })
        // A file sent as it is (e.g. CSV), another representation of the same answer.
        | (ApiResult<TSuccess> & { readonly text: string; readonly body?: undefined })
      : never
    : never;

export type ApiLambdaHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** A route's Lambda handler, which names the route it was built from (test/handlers/http-contract.test.ts). */
export type RouteHandler = ApiLambdaHandler & { readonly route: RouteDefinition };

/**
 * How a write route answers a request: `answer` runs it; the guard may run it once per Idempotency-Key and
 * answer repetitions itself (idempotent-api-handler.ts). Reads have none, so their functions do not bundle the
 * idempotency store.
 */
export type IdempotencyGuard = (
  request: {
    readonly routeId: string;
    readonly principal: string | undefined;
    readonly event: APIGatewayProxyEvent;
    readonly context: Context;
  },
  answer: () => Promise<APIGatewayProxyResult>,
) => Promise<APIGatewayProxyResult>;

/**
 * Wires a route's handler: the request's language is loaded first (readyLocale, functions/core/i18n/catalogs.ts);
 * the caller is taken from the authorizer's claims for signed-in routes (and an operator route checks the
 * operators group); a write goes through its `idempotency` guard, so one that carries
 * an Idempotency-Key runs once per key (write handlers use idempotentApiHandler, which passes it; a read passes
 * none, and a route given the wrong one fails at import); then the path parameters, the query string and the
 * JSON body are parsed with the route's own schemas; every error leaves as problem+json (middy onError). The
 * handler may only answer with one of the route's documented `success` statuses. The handler names its route
 * (`handler.route`), so a test can check that the route list and the handler modules agree.
 */
export function apiHandler<
  TBody extends Schema | undefined,
  TAuth extends RouteAuth,
  TQuery extends Schema | undefined,
  TPath extends Schema | undefined,
  TSuccess extends SuccessStatus,
  TResponses extends AnyResponseSchemas,
>(
  route: RouteDefinition<TBody, TAuth, TQuery, TPath, TSuccess, TResponses>,
  run: (
    request: ApiRequest<Parsed<TBody>, TAuth, Parsed<TQuery>, Parsed<TPath>>,
  ) => Promise<RouteAnswer<NoInfer<TSuccess>, NoInfer<TResponses>>>,
  idempotency?: IdempotencyGuard,
): RouteHandler {
  type Request = ApiRequest<Parsed<TBody>, TAuth, Parsed<TQuery>, Parsed<TPath>>;
  if (takesIdempotencyKey(route) !== (idempotency !== undefined)) {
    throw new Error(
      idempotency
        ? `route ${route.id} is a read: it takes no Idempotency-Key; use apiHandler`
        : `route ${route.id} is a write: it takes an Idempotency-Key; use idempotentApiHandler`,
    );
  }
  const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const caller = (route.auth === 'public' ? undefined : callerOf(event)) as Request['caller'];
    if (route.auth === 'operator' && !caller?.groups.includes(OPERATORS_GROUP)) {
      throw new ForbiddenError('operators-only', 'Only Portico support operators may do this.').keyed(
        'operatorsOnly',
      );
    }
    const answer = () => parseAndRun(event, caller);
    if (!idempotency) return answer();
    return idempotency({ routeId: route.id, principal: caller?.userId, event, context }, answer);
  };

  const parseAndRun = async (
    event: APIGatewayProxyEvent,
    caller: Request['caller'],
  ): Promise<APIGatewayProxyResult> => {
    // Who may call comes before what they sent: a caller without the right gets 403, not a schema lesson.
    // Then where (path), how (query) and what (body), each answered with its own pointers.
    const path = (
      route.pathParameters
        ? parseParameters(event.pathParameters, route.pathParameters, 'path', localeOf(event))
        : undefined
    ) as Request['path'];
    const query = (
      route.query
        ? parseParameters(event.queryStringParameters, route.query, 'query', localeOf(event))
        : undefined
    ) as Request['query'];
    const body = (route.body ? parseJsonBody(event, route.body) : undefined) as Request['body'];
    return toProxyResult(await run({ body, query, path, caller, event, locale: localeOf(event) }));
  };

  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(logger.injectLambdaContext())
    // The request's language is loaded before anything formats in it (problems, answers): once per container
    // and locale, so formatting stays synchronous (functions/core/i18n/catalogs.ts).
    .use({
      before: async (request) => {
        await readyLocale(localeOf(request.event));
      },
    })
    .use({
      onError: (request) => {
        const { error, event } = request;
        if (!(error && 'status' in error)) logger.error('request failed', { error, route: route.id });
        else if (error.status === 429) metrics.count('ThrottledRequests');
        request.response = problemFor(error, {
          instance: event.path,
          requestId: event.requestContext?.requestId,
          locale: localeOf(event),
        });
      },
    })
    .handler(handle);
  return Object.assign(handler, { route });
}
