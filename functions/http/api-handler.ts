import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../core/logger';
import { ForbiddenError } from '../core/errors';
import { idempotencyStore, systemClock } from '../core/wiring';
import { OPERATORS_GROUP, type RouteAuth, type RouteDefinition, type SuccessStatus } from '../routes';
import { answerIdempotently, idempotencyKeyOf, takesIdempotencyKey } from './idempotency';
import { problemFor } from './problem';
import { callerOf, parseJsonBody, parseParameters, type Caller } from './request';
import { toProxyResult, type ApiResult } from './response';

/** What a route's handler gets: the body, query and path parameters as the route's schemas parsed them. */
export interface ApiRequest<TBody, TAuth extends RouteAuth, TQuery = undefined, TPath = undefined> {
  readonly body: TBody;
  /** The query string as the route's `query` schema parsed it (defaults applied); undefined without one. */
  readonly query: TQuery;
  /** The path parameters as the route's `pathParameters` schema parsed them; undefined without one. */
  readonly path: TPath;
  readonly caller: TAuth extends 'public' ? undefined : Caller;
  readonly event: APIGatewayProxyEvent;
}

/** What a schema of the route parses to, or undefined when the route has none. */
type Parsed<TSchema> = TSchema extends z.ZodType ? z.infer<TSchema> : undefined;

export type ApiLambdaHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/**
 * Wires a route's handler: the caller is taken from the authorizer's claims for signed-in routes (and an
 * operator route checks the operators group); a write that carries an Idempotency-Key runs once per key
 * (idempotency.ts); then the path parameters, the query string and the JSON body are parsed with the route's
 * own schemas; every error leaves as problem+json (middy onError). The handler may only answer with one of the
 * route's documented `success` statuses.
 */
export function apiHandler<
  TBody extends z.ZodType | undefined,
  TAuth extends RouteAuth,
  TQuery extends z.ZodType | undefined,
  TPath extends z.ZodType | undefined,
  TSuccess extends SuccessStatus,
>(
  route: RouteDefinition<TBody, TAuth, TQuery, TPath, TSuccess>,
  run: (
    request: ApiRequest<Parsed<TBody>, TAuth, Parsed<TQuery>, Parsed<TPath>>,
  ) => Promise<ApiResult<NoInfer<TSuccess>>>,
): ApiLambdaHandler {
  type Request = ApiRequest<Parsed<TBody>, TAuth, Parsed<TQuery>, Parsed<TPath>>;
  const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const caller = (route.auth === 'public' ? undefined : callerOf(event)) as Request['caller'];
    if (route.auth === 'operator' && !caller?.groups.includes(OPERATORS_GROUP)) {
      throw new ForbiddenError('operators-only', 'Only Portico support operators may do this.');
    }
    const key = takesIdempotencyKey(route) ? idempotencyKeyOf(event) : undefined;
    const answer = () => parseAndRun(event, caller);
    if (key === undefined) return answer();
    return answerIdempotently(
      {
        store: idempotencyStore(),
        clock: systemClock,
        routeId: route.id,
        principal: caller?.userId,
        key,
        event,
        remainingMs: context.getRemainingTimeInMillis(),
      },
      answer,
    );
  };

  const parseAndRun = async (
    event: APIGatewayProxyEvent,
    caller: Request['caller'],
  ): Promise<APIGatewayProxyResult> => {
    // Who may call comes before what they sent: a caller without the right gets 403, not a schema lesson.
    // Then where (path), how (query) and what (body), each answered with its own pointers.
    const path = (
      route.pathParameters ? parseParameters(event.pathParameters, route.pathParameters, 'path') : undefined
    ) as Request['path'];
    const query = (
      route.query ? parseParameters(event.queryStringParameters, route.query, 'query') : undefined
    ) as Request['query'];
    const body = (route.body ? parseJsonBody(event, route.body) : undefined) as Request['body'];
    return toProxyResult(await run({ body, query, path, caller, event }));
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: (request) => {
        const { error, event } = request;
        if (!(error && 'status' in error)) logger.error('request failed', { error, route: route.id });
        request.response = problemFor(error, {
          instance: event.path,
          requestId: event.requestContext?.requestId,
        });
      },
    })
    .handler(handle);
}
