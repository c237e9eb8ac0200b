import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { apiClient, removeData, verifiedPerson, type RunningStack } from './local-stack';
import { sharedStack } from '../support/shared-stack';

/** What API Gateway answers before a function runs, and the edge validation every route shares. */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await sharedStack();
  api = apiClient(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

function expectProblem(
  answer: { status: number; contentType: string | null; body: Record<string, unknown> },
  status: number,
) {
  expect(answer.status).toBe(status);
  expect(answer.contentType).toContain('application/problem+json');
  expect(answer.body.status).toBe(status);
  expect(typeof answer.body.type).toBe('string');
  expect(typeof answer.body.title).toBe('string');
  expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts:\d+|stack/i);
}

describe('the API edge', () => {
  it('answers unknown paths and methods with a 404 problem', async () => {
    expectProblem(await api('GET', '/v1/nothing-here'), 404);
    expectProblem(await api('DELETE', '/v1/me'), 404);
  });

  it('answers the OpenAPI document of the route table at /openapi.json, without a token', async () => {
    const answer = await api('GET', '/openapi.json');

    expect(answer.status).toBe(200);
    expect(answer.contentType).toContain('application/json');
    expect(answer.body).toMatchObject({
      openapi: expect.stringMatching(/^3\.1\./),
      servers: [{ url: stack.apiUrl }],
    });
    const paths = answer.body.paths as Record<string, Record<string, { operationId: string }>>;
    const operations = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => `${operation.operationId} ${method} ${path}`),
    );
    expect(operations.sort()).toEqual(
      routeList.map((route) => `${route.id} ${route.method.toLowerCase()} ${route.path}`).sort(),
    );
  });

  it('refuses signed-in routes without a valid ID token', async () => {
    expectProblem(await api('GET', '/v1/me'), 401);
    expectProblem(await api('GET', '/v1/me', { token: 'not-a-jwt' }), 401);

    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ token_use: 'id', email: 'mallory@acme.example' })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .setIssuer(`${stack.cognitoEndpoint}/${stack.userPoolId}`)
      .setAudience(stack.clientId)
      .setSubject('00000000-0000-0000-0000-000000000000')
      .setExpirationTime('1h')
      .sign(privateKey);
    expectProblem(await api('GET', '/v1/me', { token: forged }), 401);
  });

  it('refuses an access token where the ID token is expected, and a tampered ID token', async () => {
    const email = `edge${Date.now()}@acme.example`;
    const token = await verifiedPerson(stack, email);
    expect((await api('GET', '/v1/me', { token })).status).toBe(200);

    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'),
      signature,
    ].join('.');
    expectProblem(await api('GET', '/v1/me', { token: tampered }), 401);
  });

  it('turns bad bodies into 4xx problems with field detail, never 500', async () => {
    expectProblem(await api('POST', '/v1/signup', { rawBody: '{"email":' }), 400);
    expectProblem(
      await api('POST', '/v1/signup', {
        rawBody: 'email=a',
        contentType: 'application/x-www-form-urlencoded',
      }),
      415,
    );
    expectProblem(
      await api('POST', '/v1/signup', { rawBody: JSON.stringify({ email: 'a'.repeat(20_000) }) }),
      413,
    );
    expectProblem(await api('POST', '/v1/signup', { rawBody: '[]' }), 400);
    expectProblem(await api('POST', '/v1/signup', { rawBody: 'null' }), 400);

    const wrongTypes = await api('POST', '/v1/signup', {
      body: { email: 42, password: ['x'], firstName: null, country: 'de', accessLevel: 'FULL' },
    });
    expectProblem(wrongTypes, 400);
    const pointers = (wrongTypes.body.errors as { pointer: string }[]).map((e) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/email', '/password', '/firstName', '/lastName', '/country', '/accessLevel']),
    );
  });
});
