import { createHash, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_WINDOW_SECONDS,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyKeyProblem,
  isFinalAnswer,
  isStorable,
  outcomeForTakenKey,
  type StoredAnswer,
} from '../core/domain/idempotency';
import { ConflictError, PorticoError, UnprocessableError, ValidationError } from '../core/errors';
import { logger } from '../core/logger';
import type { Clock, IdempotencyStore } from '../core/ports';
import { problemFor } from './problem';
export { takesIdempotencyKey } from './route';
import { headerOf, localeOf } from './request';
import * as problemDetails from '../core/i18n/details/compiled/index';

/** Retry-After of a repetition that arrives while the first request is still running. */
const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;
/** How long a claim outlives the function's remaining time, so a slow answer is not run a second time. */
const LOCK_MARGIN_MS = 1_000;

/** The request's Idempotency-Key, undefined without one; 400 when it cannot be a key. */
export function idempotencyKeyOf(event: APIGatewayProxyEvent): string | undefined {
  const key = headerOf(event, IDEMPOTENCY_KEY_HEADER);
  if (key === undefined) return undefined;
  const problem = idempotencyKeyProblem(key);
  if (problem) {
    throw new ValidationError(`The ${IDEMPOTENCY_KEY_HEADER} header is not valid.`, [
      { pointer: `header:/${IDEMPOTENCY_KEY_HEADER}`, detail: problem },
    ]).keyed(problemDetails.idempotencyKeyInvalid, { header: IDEMPOTENCY_KEY_HEADER });
  }
  return key;
}

const digest = (parts: readonly unknown[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url');

/** Where a key lives: one route, one caller (signed in, or anyone on a public route), one key. */
export function idempotencyScope(routeId: string, principal: string | undefined, key: string): string {
  return digest([routeId, principal ?? 'anonymous', key]);
}

/** What makes two requests the same request: path, query string, media type and body. */
export function requestFingerprint(event: APIGatewayProxyEvent): string {
  const query = Object.entries(event.queryStringParameters ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const body =
    event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return digest([event.httpMethod, event.path, query, headerOf(event, 'content-type') ?? '', body ?? '']);
}

export interface IdempotentRequest {
  readonly store: IdempotencyStore;
  readonly clock: Clock;
  readonly routeId: string;
  /** The signed-in caller's id; undefined on a public route. */
  readonly principal: string | undefined;
  readonly key: string;
  readonly event: APIGatewayProxyEvent;
  /** What is left of the invocation: the claim holds at least that long. */
  readonly remainingMs: number;
}

/**
 * Answers a request that carries an Idempotency-Key: the first request under the key runs and its final answer
 * is kept for a day; a repetition gets that answer again (with `Idempotent-Replayed: true`), 409 while the
 * first is still running, and 422 when it is a different request under the same key. An answer that is not
 * final (429, 5xx) frees the key, so the repetition runs.
 */
export async function answerIdempotently(
  request: IdempotentRequest,
  answer: () => Promise<APIGatewayProxyResult>,
): Promise<APIGatewayProxyResult> {
  const { store, event } = request;
  const now = request.clock.now();
  const scope = idempotencyScope(request.routeId, request.principal, request.key);
  const fingerprint = requestFingerprint(event);
  const token = randomUUID();
  const claim = await store.claim(scope, {
    fingerprint,
    token,
    lockedUntil: new Date(now.getTime() + Math.max(request.remainingMs, 0) + LOCK_MARGIN_MS),
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_WINDOW_SECONDS * 1000),
    now,
  });
  if (!claim.claimed) return repetition(outcomeForTakenKey(claim.record, fingerprint));

  let result: APIGatewayProxyResult;
  try {
    result = await answer();
  } catch (error) {
    // A refusal the request earned is final like any answer; the error still leaves through middy's onError.
    if (error instanceof PorticoError && isFinalAnswer(error.status)) {
      await keep(request, scope, token, problemFor(error, problemContext(event)));
    } else {
      await forget(store, scope, token);
    }
    throw error;
  }
  if (isFinalAnswer(result.statusCode)) await keep(request, scope, token, result);
  else await forget(store, scope, token);
  return result;
}

function repetition(outcome: ReturnType<typeof outcomeForTakenKey>): APIGatewayProxyResult {
  switch (outcome.kind) {
    case 'replay':
      return {
        statusCode: outcome.answer.status,
        headers: { ...outcome.answer.headers, [IDEMPOTENT_REPLAYED_HEADER]: 'true' },
        body: outcome.answer.body,
      };
    case 'in-progress':
      throw new ConflictError(
        'idempotency-request-in-progress',
        `A request with this ${IDEMPOTENCY_KEY_HEADER} is still running. Send it again in a moment to get its answer.`,
        { retryAfterSeconds: IN_PROGRESS_RETRY_AFTER_SECONDS },
        { 'Retry-After': String(IN_PROGRESS_RETRY_AFTER_SECONDS) },
      ).keyed(problemDetails.idempotencyInProgress, { header: IDEMPOTENCY_KEY_HEADER });
    case 'key-reused':
      throw new UnprocessableError(
        'idempotency-key-reused',
        `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request. Use a new key for a new request.`,
      ).keyed(problemDetails.idempotencyKeyReused, { header: IDEMPOTENCY_KEY_HEADER });
  }
}

function problemContext(event: APIGatewayProxyEvent) {
  return { instance: event.path, requestId: event.requestContext?.requestId, locale: localeOf(event) };
}

function storedAnswer(result: APIGatewayProxyResult): StoredAnswer {
  return {
    status: result.statusCode,
    headers: Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
    ),
    body: result.body,
  };
}

/**
 * Keeps the answer. The effect has already happened, so a store that fails now is logged, not answered with an
 * error: the claim then lapses at `lockedUntil`, and only a repetition after that would run again.
 */
async function keep(
  request: IdempotentRequest,
  scope: string,
  token: string,
  result: APIGatewayProxyResult,
): Promise<void> {
  const answer = storedAnswer(result);
  try {
    if (!isStorable(answer)) {
      logger.warn('answer too large to keep for its idempotency key; the key is released', {
        route: request.routeId,
        bytes: answer.body.length,
      });
      await request.store.release(scope, token);
      return;
    }
    if (!(await request.store.complete(scope, token, answer))) {
      logger.warn('idempotency key was taken over before the answer could be kept', {
        route: request.routeId,
      });
    }
  } catch (error) {
    logger.error('could not keep the answer of an idempotency key', { error, route: request.routeId });
  }
}

async function forget(store: IdempotencyStore, scope: string, token: string): Promise<void> {
  try {
    await store.release(scope, token);
  } catch (error) {
    // The claim lapses at lockedUntil on its own.
    logger.error('could not release an idempotency key', { error });
  }
}
