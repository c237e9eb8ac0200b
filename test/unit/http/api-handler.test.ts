import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ORGANIZATION_CLAIM } from '../../../functions/core/domain/organization-claim';
import { apiHandler, type ApiRequest } from '../../../functions/http/api-handler';
import { idempotentApiHandler } from '../../../functions/http/idempotent-api-handler';
import { answersOf } from '../../../functions/http/route';
import type { RouteDefinition } from '../../../functions/routes';
import {
  ADA_CLAIMS,
  OPERATOR_CLAIMS,
  apiEvent,
  jsonBody,
  lambdaContext,
  problemOf,
  type EventOptions,
} from '../../handlers/events';

/**
 * apiHandler parses what the route declares — path parameters, query string, JSON body — before the handler
 * runs, and hands them over typed; who may call is checked before any of it.
 */

/** What the things routes answer (apiHandler's compile-time check; no test parses it). */
type OkAnswers = () => { 200: z.ZodObject<{ ok: z.ZodBoolean }, z.core.$strict> };

const thingsRoute = {
  id: 'renameThing',
  method: 'PUT',
  path: '/v1/things/{thingId}',
  auth: 'operator',
  handler: 'functions/things/rename-thing.handler.ts',
  summary: 'Rename a thing',
  body: z.strictObject({ name: z.string().min(1) }),
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(10).default(5),
    status: z.enum(['open', 'closed']).optional(),
  }),
  pathParameters: z.object({ thingId: z.string().regex(/^t-\d+$/, 'is not a thing id') }),
  success: { 200: 'Renamed' },
  responses: answersOf<OkAnswers>(),
  grants: [],
} as const satisfies RouteDefinition;

const plainRoute = {
  id: 'getThings',
  method: 'GET',
  path: '/v1/things',
  auth: 'user',
  handler: 'functions/things/get-things.handler.ts',
  summary: 'The things',
  body: undefined,
  success: { 200: 'The things' },
  responses: answersOf<OkAnswers>(),
  grants: [],
} as const satisfies RouteDefinition;

function recorder<TRequest>() {
  const requests: TRequest[] = [];
  const run = vi.fn(async (request: TRequest) => {
    requests.push(request);
    return { status: 200 as const, body: { ok: true } };
  });
  return { run, requests };
}

function renameEvent(options: EventOptions = {}) {
  return apiEvent(thingsRoute, {
    claims: OPERATOR_CLAIMS,
    pathParameters: { thingId: 't-42' },
    body: { name: 'Lathe' },
    ...options,
  });
}

describe('a route with path, query and body schemas', () => {
  const { run, requests } = recorder<ApiRequest<{ name: string }, 'operator', unknown, unknown>>();
  const handler = idempotentApiHandler(thingsRoute, run);

  it('hands the parsed path, query (coerced, defaults applied) and body to the handler', async () => {
    const response = await handler(
      renameEvent({ queryStringParameters: { limit: '7', status: 'closed' } }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ ok: true });
    expect(requests.at(-1)).toMatchObject({
      path: { thingId: 't-42' },
      query: { limit: 7, status: 'closed' },
      body: { name: 'Lathe' },
      caller: { userId: OPERATOR_CLAIMS.sub, groups: ['operators'] },
    });
  });

  it('applies the query defaults when there is no query string', async () => {
    await handler(renameEvent(), lambdaContext());

    expect(requests.at(-1)?.query).toEqual({ limit: 5 });
  });

  it('answers 400 with a query:/ pointer per bad or unknown parameter, without running the handler', async () => {
    run.mockClear();

    const response = await handler(
      renameEvent({ queryStringParameters: { limit: '0', colour: 'red' } }),
      lambdaContext(),
    );

    expect(problemOf(response, 400)).toMatchObject({
      type: '/problems/validation-error',
      detail: 'Some query parameters are not valid.',
    });
    expect(problemOf(response, 400).errors).toEqual(
      expect.arrayContaining([
        { pointer: 'query:/limit', detail: expect.any(String) },
        { pointer: 'query:/colour', detail: 'is not a known field' },
      ]),
    );
    expect(run).not.toHaveBeenCalled();
  });

  it('answers 400 with a path:/ pointer, before looking at the query or the body', async () => {
    run.mockClear();

    const response = await handler(
      renameEvent({
        pathParameters: { thingId: 'nope' },
        queryStringParameters: { limit: 'many' },
        rawBody: '{',
      }),
      lambdaContext(),
    );

    expect(problemOf(response, 400).errors).toEqual([
      { pointer: 'path:/thingId', detail: 'is not a thing id' },
    ]);
    expect(run).not.toHaveBeenCalled();
  });

  it('checks the query before the body', async () => {
    const response = await handler(
      renameEvent({ queryStringParameters: { limit: 'many' }, body: { name: '' } }),
      lambdaContext(),
    );

    expect(problemOf(response, 400).errors).toEqual([
      { pointer: 'query:/limit', detail: expect.any(String) },
    ]);
  });

  it('still parses the body with its own pointers once path and query are valid', async () => {
    const response = await handler(renameEvent({ body: { name: 'Lathe', colour: 'red' } }), lambdaContext());

    expect(problemOf(response, 400).errors).toEqual([{ pointer: '/colour', detail: 'is not a known field' }]);
  });

  it('says a missing field is required, and a field of the wrong type what it must be', async () => {
    const missing = await handler(renameEvent({ body: {} }), lambdaContext());
    const wrongType = await handler(renameEvent({ body: { name: 42 } }), lambdaContext());

    expect(problemOf(missing, 400).errors).toEqual([{ pointer: '/name', detail: 'is required' }]);
    expect(problemOf(wrongType, 400).errors).toEqual([
      { pointer: '/name', detail: 'Invalid input: expected string, received number' },
    ]);
  });

  it('answers 403 operators-only to a caller outside the group, whatever the parameters', async () => {
    run.mockClear();

    const response = await handler(
      renameEvent({ claims: ADA_CLAIMS, pathParameters: { thingId: 'nope' }, queryStringParameters: {} }),
      lambdaContext(),
    );

    expect(problemOf(response, 403).type).toBe('/problems/operators-only');
    expect(run).not.toHaveBeenCalled();
  });

  it('answers 401 without claims, before parsing anything', async () => {
    const response = await handler(
      renameEvent({ claims: undefined, pathParameters: { thingId: 'nope' } }),
      lambdaContext(),
    );

    expect(problemOf(response, 401).type).toBe('/problems/unauthorized');
  });
});

describe("the organization an ID token names (the pre-token-generation trigger's claim)", () => {
  const { run, requests } = recorder<ApiRequest<undefined, 'user', unknown, unknown>>();
  const handler = apiHandler(plainRoute, run);
  const withClaim = (value: string) =>
    apiEvent(plainRoute, { claims: { ...ADA_CLAIMS, [ORGANIZATION_CLAIM]: value } });

  it('hands it to the handler as a hint', async () => {
    await handler(withClaim('org-acme'), lambdaContext());

    expect(requests.at(-1)?.caller.organizationHint).toBe('org-acme');
  });

  it('ignores a value that is no organization id, and a token without the claim, and answers as usual', async () => {
    for (const event of [
      withClaim(''),
      withClaim('org acme/../x'),
      apiEvent(plainRoute, { claims: ADA_CLAIMS }),
    ]) {
      const response = await handler(event, lambdaContext());

      expect(response.statusCode).toBe(200);
      expect(requests.at(-1)?.caller).not.toHaveProperty('organizationHint');
    }
  });
});

describe('a route without query or path schemas', () => {
  const { run, requests } = recorder<ApiRequest<undefined, 'user', unknown, unknown>>();
  const handler = apiHandler(plainRoute, run);

  it('ignores the query string and hands over neither', async () => {
    const response = await handler(
      apiEvent(plainRoute, { claims: ADA_CLAIMS, queryStringParameters: { anything: 'goes' } }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(200);
    expect(requests.at(-1)).toMatchObject({ query: undefined, path: undefined, body: undefined });
  });
});

describe('the handler of a route', () => {
  const { run } = recorder<unknown>();

  it('names the route it was built from', () => {
    expect(apiHandler(plainRoute, run).route).toBe(plainRoute);
    expect(idempotentApiHandler(thingsRoute, run).route).toBe(thingsRoute);
  });

  it('keeps answers by Idempotency-Key for a write, and cannot be built without doing so', () => {
    expect(() => apiHandler(thingsRoute, run)).toThrow(
      'route renameThing is a write: it takes an Idempotency-Key; use idempotentApiHandler',
    );
  });

  it('takes no Idempotency-Key for a read', () => {
    expect(() => idempotentApiHandler(plainRoute, run)).toThrow(
      'route getThings is a read: it takes no Idempotency-Key; use apiHandler',
    );
  });
});
