import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../core/logger';
import { ForbiddenError } from '../core/errors';
import { OPERATORS_GROUP, type RouteAuth, type RouteDefinition } from '../routes';
import { problemFor } from './problem';
import { callerOf, parseJsonBody, type Caller } from './request';
import { toProxyResult, type ApiResult } from './response';

export interface ApiRequest<TBody, TAuth extends RouteAuth> {
  readonly body: TBody;
  readonly caller: TAuth extends 'public' ? undefined : Caller;
  readonly event: APIGatewayProxyEvent;
}

type BodyOf<TSchema> = TSchema extends z.ZodType ? z.infer<TSchema> : undefined;

export type ApiLambdaHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/**
 * Wires a route's handler: the body is parsed with the route's own schema, the caller is taken from the
 * authorizer's claims for signed-in routes, and every error leaves as problem+json (middy onError).
 */
export function apiHandler<TSchema extends z.ZodType | undefined, TAuth extends RouteAuth>(
  route: RouteDefinition<TSchema, TAuth>,
  run: (request: ApiRequest<BodyOf<TSchema>, TAuth>) => Promise<ApiResult>,
): ApiLambdaHandler {
  const handle = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const caller = (route.auth === 'public' ? undefined : callerOf(event)) as ApiRequest<
      BodyOf<TSchema>,
      TAuth
    >['caller'];
    if (route.auth === 'operator' && !caller?.groups.includes(OPERATORS_GROUP)) {
      throw new ForbiddenError('operators-only', 'Only Portico support operators may do this.');
    }
    // Who may call comes before what they sent: a caller without the right gets 403, not a schema lesson.
    const body = (route.body ? parseJsonBody(event, route.body) : undefined) as BodyOf<TSchema>;
    return toProxyResult(await run({ body, caller, event }));
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
