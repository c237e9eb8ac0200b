import './environment';
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { keys } from '../../functions/core/adapters/dynamodb/table-design';
import { idempotentApiHandler } from '../../functions/http/idempotent-api-handler';
import { idempotencyScope } from '../../functions/http/idempotency';
import { answersOf } from '../../functions/http/route';
import type { RouteDefinition } from '../../functions/routes';
import { declareTestRouteAnswers } from '../support/contract';
import { dynamo, resetAws } from './aws';
import { ADA_CLAIMS, apiEvent, headerOf, jsonBody, lambdaContext, problemOf } from './events';
import { TEST_ENVIRONMENT } from './environment';

/**
 * apiHandler with the DynamoDB idempotency store behind it: what a write with an Idempotency-Key sends to the
 * table, and how it answers when the key is taken.
 */

const KEY = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';
const TABLE = TEST_ENVIRONMENT.TABLE_NAME;

function createThingAnswers() {
  return { 201: z.strictObject({ thingId: z.string(), name: z.string() }) };
}

const createThing = {
  id: 'createThing',
  method: 'POST',
  path: '/v1/things',
  auth: 'user',
  handler: 'functions/things/create-thing.handler.ts',
  summary: 'Create a thing',
  body: z.strictObject({ name: z.string().min(1) }),
  success: { 201: 'Created' },
  responses: answersOf<typeof createThingAnswers>(),
  grants: [],
} as const satisfies RouteDefinition;
declareTestRouteAnswers(createThing, createThingAnswers());

const run = vi.fn(async ({ body }: { body: { name: string } }) => ({
  status: 201 as const,
  body: { thingId: 't-1', name: body.name },
}));
const handler = idempotentApiHandler(createThing, run);

const scope = idempotencyScope(createThing.id, ADA_CLAIMS.sub, KEY);
const event = (headers: Record<string, string> = { 'Idempotency-Key': KEY }, name = 'Lathe') =>
  apiEvent(createThing, { claims: ADA_CLAIMS, body: { name }, headers });

function keyTaken(item: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    // As DynamoDB sends it: the document client does not unmarshall an exception's item.
    Item: marshall(item),
  });
}

beforeEach(() => {
  resetAws();
  run.mockClear();
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
});

describe('a write with an Idempotency-Key', () => {
  it('claims the key with one conditional put, runs, then keeps the answer under the claim', async () => {
    const response = await handler(event(), lambdaContext());

    expect(response.statusCode).toBe(201);
    expect(run).toHaveBeenCalledTimes(1);
    const claim = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(claim).toMatchObject({
      TableName: TABLE,
      Item: { ...keys.idempotency(scope), state: 'IN_PROGRESS', token: expect.any(String) },
      ConditionExpression: expect.stringContaining('attribute_not_exists(pk)'),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    const kept = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(kept).toMatchObject({
      Key: keys.idempotency(scope),
      ConditionExpression: '#token = :token',
      ExpressionAttributeValues: {
        ':token': claim?.Item?.token,
        ':answer': { status: 201, body: response.body, headers: expect.objectContaining({}) },
      },
    });
    // The item leaves with the table's TTL a day later.
    expect(claim?.Item?.expiresAtEpoch).toBe(Math.floor(Date.now() / 1000) + 86_400);
  });

  it('replays a kept answer from the claim itself: one round trip, nothing runs', async () => {
    const stored = {
      status: 201,
      headers: { 'Content-Type': 'application/json' },
      body: '{"thingId":"t-1","name":"Lathe"}',
    };
    const first = await handler(event(), lambdaContext());
    const fingerprint = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.fingerprint as string;
    resetAws();
    run.mockClear();
    dynamo
      .on(PutCommand)
      .rejects(keyTaken({ ...keys.idempotency(scope), state: 'COMPLETED', fingerprint, answer: stored }));

    const again = await handler(event(), lambdaContext());

    expect(first.statusCode).toBe(201);
    expect(run).not.toHaveBeenCalled();
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(stored.body);
    expect(headerOf(again, 'Idempotent-Replayed')).toBe('true');
    expect(dynamo.calls()).toHaveLength(1);
  });

  it('answers 422 to a different request under the key and 409 while the first runs', async () => {
    await handler(event(), lambdaContext());
    const fingerprint = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.fingerprint as string;
    const running = {
      state: 'IN_PROGRESS',
      fingerprint,
      lockedUntil: new Date(Date.now() + 5_000).toISOString(),
    };
    run.mockClear();

    dynamo.on(PutCommand).rejects(keyTaken(running));
    const other = await handler(event(undefined, 'Drill'), lambdaContext());
    const same = await handler(event(), lambdaContext());

    expect(problemOf(other, 422)).toMatchObject({ type: '/problems/idempotency-key-reused' });
    expect(problemOf(same, 409)).toMatchObject({ type: '/problems/idempotency-request-in-progress' });
    expect(headerOf(same, 'Retry-After')).toBe('1');
    expect(run).not.toHaveBeenCalled();
  });

  it('releases the key when the answer is not final, so the retry runs', async () => {
    run.mockRejectedValueOnce(
      new ProvisionedThroughputExceededException({ message: 'Throttled', $metadata: {} }),
    );

    const response = await handler(event(), lambdaContext());

    expect(problemOf(response, 503)).toMatchObject({ type: '/problems/service-unavailable' });
    const token = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.token as string;
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      Key: keys.idempotency(scope),
      ConditionExpression: '#token = :token',
      ExpressionAttributeValues: { ':token': token },
    });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('is checked before the body: a bad key is a 400 naming the header, and nothing is claimed', async () => {
    const response = await handler(event({ 'Idempotency-Key': 'x'.repeat(256) }), lambdaContext());

    expect(problemOf(response, 400)).toMatchObject({
      errors: [{ pointer: 'header:/Idempotency-Key', detail: 'must be at most 255 characters' }],
    });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('still needs the caller: no token, no claim', async () => {
    const response = await handler(
      apiEvent(createThing, { body: { name: 'Lathe' }, headers: { 'Idempotency-Key': KEY } }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(401);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

it('a write without the header touches no idempotency item', async () => {
  const response = await handler(event({}), lambdaContext());

  expect(jsonBody(response)).toEqual({ thingId: 't-1', name: 'Lathe' });
  expect(dynamo.calls()).toHaveLength(0);
});
