import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ServiceUnavailableError, ValidationError, UnprocessableError } from '../../../functions/core/errors';
import { MAX_STORED_ANSWER_BYTES } from '../../../functions/core/domain/idempotency';
import {
  answerIdempotently,
  idempotencyKeyOf,
  idempotencyScope,
  requestFingerprint,
  type IdempotentRequest,
} from '../../../functions/http/idempotency';
import { apiEvent, type EventOptions } from '../../handlers/events';
import { FixedClock } from '../fakes';
import { InMemoryIdempotencyStore } from '../idempotency-store.fake';
import { routes } from '../../../functions/routes';

const KEY = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const GROUP = { name: 'Lab servers', definition: { kind: 'FAMILIES', families: ['PowerEdge'] } };

let store: InMemoryIdempotencyStore;
let clock: FixedClock;

beforeEach(() => {
  store = new InMemoryIdempotencyStore();
  clock = new FixedClock(new Date('2026-11-26T10:00:00.000Z'));
});

function request(
  options: Partial<Omit<IdempotentRequest, 'event'>> & { event?: EventOptions } = {},
): IdempotentRequest {
  const { event, ...rest } = options;
  return {
    store,
    clock,
    routeId: routes.createGroup.id,
    principal: 'user-ada',
    key: KEY,
    remainingMs: 10_000,
    event: apiEvent(routes.createGroup, { body: GROUP, ...event }),
    ...rest,
  };
}

/** A handler that creates a group each time it runs, as the real one would. */
function creator() {
  let created = 0;
  const answer = vi.fn(async (): Promise<APIGatewayProxyResult> => {
    created += 1;
    return {
      statusCode: 201,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ groupId: `g-${created}` }),
    };
  });
  return { answer, created: () => created };
}

describe('the first request under a key', () => {
  it('runs and keeps its answer', async () => {
    const { answer } = creator();

    const result = await answerIdempotently(request(), answer);

    expect(result.statusCode).toBe(201);
    expect(result.headers).not.toHaveProperty('Idempotent-Replayed');
    expect([...store.held.values()].map((held) => held.record.state)).toEqual(['COMPLETED']);
  });

  it('holds the key for the time the function has left, and keeps it for a day', async () => {
    const claim = vi.spyOn(store, 'claim');

    await answerIdempotently(request({ remainingMs: 29_000 }), creator().answer);

    expect(claim.mock.calls[0]?.[1]).toMatchObject({
      lockedUntil: new Date('2026-11-26T10:00:30.000Z'),
      expiresAt: new Date('2026-11-27T10:00:00.000Z'),
      now: clock.now(),
    });
  });
});

describe('the same request again with the same key', () => {
  it('gets the first answer, marked as replayed, and has no second effect', async () => {
    const { answer, created } = creator();
    const first = await answerIdempotently(request(), answer);

    const again = await answerIdempotently(request(), answer);

    expect(created()).toBe(1);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers).toMatchObject({
      'Content-Type': 'application/json',
      'Idempotent-Replayed': 'true',
    });
  });

  it('is told to retry while the first one still runs', async () => {
    let finish: (() => void) | undefined;
    const slow = () =>
      new Promise<APIGatewayProxyResult>((resolve) => {
        finish = () => resolve({ statusCode: 201, body: '{}' });
      });
    const first = answerIdempotently(request(), slow);
    await vi.waitFor(() => expect(finish).toBeDefined());

    const during = answerIdempotently(request(), creator().answer);

    await expect(during).rejects.toMatchObject({
      status: 409,
      type: 'idempotency-request-in-progress',
      headers: { 'Retry-After': '1' },
    });
    finish?.();
    await expect(first).resolves.toMatchObject({ statusCode: 201 });
    await expect(answerIdempotently(request(), creator().answer)).resolves.toMatchObject({
      headers: { 'Idempotent-Replayed': 'true' },
    });
  });

  it('runs again once the first request stopped without an answer and its hold lapsed', async () => {
    await store.claim(idempotencyScope(routes.createGroup.id, 'user-ada', KEY), {
      fingerprint: requestFingerprint(request().event),
      token: 'crashed-invocation',
      lockedUntil: new Date('2026-11-26T09:59:59.000Z'),
      expiresAt: new Date('2026-11-27T09:59:00.000Z'),
      now: new Date('2026-11-26T09:59:00.000Z'),
    });
    const { answer, created } = creator();

    await answerIdempotently(request(), answer);

    expect(created()).toBe(1);
  });

  it('runs again after the day the answer is kept', async () => {
    const { answer, created } = creator();
    await answerIdempotently(request(), answer);

    clock.advanceSeconds(24 * 60 * 60 + 1);
    await answerIdempotently(request(), answer);

    expect(created()).toBe(2);
  });
});

describe('a different request under a used key', () => {
  it('is refused with 422, never given the first answer', async () => {
    const { answer, created } = creator();
    await answerIdempotently(request(), answer);

    const other = answerIdempotently(request({ event: { body: { ...GROUP, name: 'Other' } } }), answer);

    await expect(other).rejects.toBeInstanceOf(UnprocessableError);
    await expect(other).rejects.toMatchObject({ type: 'idempotency-key-reused' });
    expect(created()).toBe(1);
  });

  it.each([
    ['another query string', { queryStringParameters: { shared: 'true' } }],
    ['another media type', { headers: { 'Content-Type': 'text/plain' } }],
  ])('includes %s', async (_, event) => {
    await answerIdempotently(request(), creator().answer);

    await expect(answerIdempotently(request({ event }), creator().answer)).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe('keys are scoped', () => {
  it('to the caller: two people with the same key each get their own effect', async () => {
    const { answer, created } = creator();

    await answerIdempotently(request({ principal: 'user-ada' }), answer);
    const grace = await answerIdempotently(request({ principal: 'user-grace' }), answer);

    expect(created()).toBe(2);
    expect(grace.headers).not.toHaveProperty('Idempotent-Replayed');
  });

  it('to the route', async () => {
    const { answer, created } = creator();

    await answerIdempotently(request(), answer);
    await answerIdempotently(request({ routeId: routes.updateGroup.id }), answer);

    expect(created()).toBe(2);
  });

  it('to anyone on a public route, where the same request is all a repetition can show', () => {
    expect(idempotencyScope('signUp', undefined, KEY)).toBe(idempotencyScope('signUp', undefined, KEY));
    expect(idempotencyScope('signUp', undefined, KEY)).not.toBe(idempotencyScope('signUp', 'user-ada', KEY));
  });
});

describe('answers that are not final free the key', () => {
  it.each([
    ['a 503 thrown', new ServiceUnavailableError('Mail is down.')],
    ['a bug', new Error('boom')],
  ])('%s: the repetition runs again', async (_, error) => {
    const failing = vi.fn(async (): Promise<APIGatewayProxyResult> => {
      throw error;
    });
    await expect(answerIdempotently(request(), failing)).rejects.toBe(error);

    const { answer, created } = creator();
    await answerIdempotently(request(), answer);

    expect(created()).toBe(1);
  });

  it('a 429 returned: the repetition runs again', async () => {
    await answerIdempotently(request(), async () => ({ statusCode: 429, body: '{}' }));

    const { answer, created } = creator();
    await answerIdempotently(request(), answer);

    expect(created()).toBe(1);
  });

  it('a refusal the request earned is final: it is replayed as problem+json', async () => {
    const refusal = new ValidationError('Some fields are missing or not valid.', [
      { pointer: '/name', detail: 'is required' },
    ]);
    await expect(answerIdempotently(request(), async () => Promise.reject(refusal))).rejects.toBe(refusal);

    const { answer, created } = creator();
    const again = await answerIdempotently(request(), answer);

    expect(created()).toBe(0);
    expect(again.statusCode).toBe(400);
    expect(again.headers).toMatchObject({
      'Content-Type': 'application/problem+json',
      'Idempotent-Replayed': 'true',
    });
    expect(JSON.parse(again.body)).toMatchObject({ errors: [{ pointer: '/name', detail: 'is required' }] });
  });

  it('an answer too large to keep releases the key rather than keep half of it', async () => {
    const huge = async () => ({ statusCode: 200, body: 'x'.repeat(MAX_STORED_ANSWER_BYTES + 1) });
    await answerIdempotently(request(), huge);

    expect(store.held.size).toBe(0);
  });
});

describe('when the store fails', () => {
  it('before the claim: nothing runs and the failure is the answer', async () => {
    store.failures.failNext('claim', new ServiceUnavailableError('Database down.'));
    const { answer, created } = creator();

    await expect(answerIdempotently(request(), answer)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(created()).toBe(0);
  });

  it('after the effect: the person still gets the answer', async () => {
    store.failures.failNext('complete', new ServiceUnavailableError('Database down.'));

    await expect(answerIdempotently(request(), creator().answer)).resolves.toMatchObject({ statusCode: 201 });
  });
});

describe('the Idempotency-Key header', () => {
  it('is optional', () => {
    expect(idempotencyKeyOf(apiEvent(routes.createGroup, { body: GROUP }))).toBeUndefined();
  });

  it('is read whatever its case', () => {
    const event = apiEvent(routes.createGroup, { body: GROUP, headers: { 'idempotency-key': KEY } });

    expect(idempotencyKeyOf(event)).toBe(KEY);
  });

  it('is refused with a pointer to it when it cannot be a key', () => {
    const event = apiEvent(routes.createGroup, { body: GROUP, headers: { 'Idempotency-Key': 'not a key' } });

    expect(() => idempotencyKeyOf(event)).toThrow(
      expect.objectContaining({
        status: 400,
        extensions: { errors: [{ pointer: 'header:/Idempotency-Key', detail: expect.any(String) }] },
      }),
    );
  });
});
