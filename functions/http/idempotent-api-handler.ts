import { idempotencyStore, systemClock } from '../core/wiring';
import { apiHandler, type IdempotencyGuard, type RouteHandler } from './api-handler';
import { answerIdempotently, idempotencyKeyOf } from './idempotency';
import type { AnyResponseSchemas, RouteAuth, RouteDefinition, Schema, SuccessStatus } from './route';

/**
 * apiHandler for a write route (every method but GET): a request that carries an Idempotency-Key runs once per
 * key, and a repetition gets the first answer (idempotency.ts, kept in the table). Only write handlers import
 * this module, so the read functions bundle neither the idempotency store nor its DynamoDB adapter.
 */

/** Runs a request once per Idempotency-Key; a request without one just runs. */
const onePerKey: IdempotencyGuard = ({ routeId, principal, event, context }, answer) => {
  const key = idempotencyKeyOf(event);
  if (key === undefined) return answer();
  return answerIdempotently(
    {
      store: idempotencyStore(),
      clock: systemClock,
      routeId,
      principal,
      key,
      event,
      remainingMs: context.getRemainingTimeInMillis(),
    },
    answer,
  );
};

export function idempotentApiHandler<
  TBody extends Schema | undefined,
  TAuth extends RouteAuth,
  TQuery extends Schema | undefined,
  TPath extends Schema | undefined,
  TSuccess extends SuccessStatus,
  TResponses extends AnyResponseSchemas,
>(
  route: RouteDefinition<TBody, TAuth, TQuery, TPath, TSuccess, TResponses>,
  run: Parameters<typeof apiHandler<TBody, TAuth, TQuery, TPath, TSuccess, TResponses>>[1],
): RouteHandler {
  return apiHandler(route, run, onePerKey);
}
