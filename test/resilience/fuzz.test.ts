import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { OPERATORS_GROUP, routeList } from '../../functions/routes';
import {
  apiClient,
  REGISTRATION,
  removeData,
  signIn,
  startStack,
  verifiedPerson,
  type RunningStack,
  expectStatus,
} from '../integration/local-stack';
import {
  offTableArbitrary,
  requestArbitrary,
  type AuthKind,
  type FuzzContext,
  type FuzzRequest,
  type OpenApiOperation,
} from './fuzz-arbitraries';

/**
 * Every operation of the OpenAPI document served at /openapi.json, fuzzed with requests derived from its own
 * parameter and body schemas (test/resilience/fuzz-arbitraries.ts): mostly broken, sometimes valid, with every
 * kind of token. Over 10,000 requests against one local stack, 16 in flight. Every answer is below 500; every 4xx
 * is problem+json with `type`, `title` and the HTTP `status`, and names no stack frame or internal error; no
 * broken token gets a 2xx from a signed-in route. FUZZ_SEED=<n> reproduces a run (the seed is printed).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 5_2024_1);
const REQUESTS_PER_OPERATION = 460;
const OFF_TABLE_REQUESTS = 300;
const IN_FLIGHT = 16;
/** Valid sign-ups go through Cognito and the mailer: at most this many; the rest are made invalid. */
const MAX_VALID_SIGNUPS = 40;

/** A stack frame (`at fn (/path/file.ts:1:2)`, `at file:///…`), a source path, or an error class name. */
const LEAKS = [
  /\bat \S+ \((?:\/|file:|node:)[^)]*:\d+:\d+\)/,
  /\bat (?:\/|file:\/\/|node:)\S+:\d+:\d+/,
  /\/(?:work|home|usr|tmp|var)\/\S+\.(?:ts|js|mjs|cjs)\b/,
  /node_modules/,
  /\b(?:Type|Reference|Syntax|Range|Eval|URI|Aggregate|Internal)?Error: /,
  /\b[A-Z][A-Za-z]+(?:Exception|Error): /,
];

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let document: { paths: Record<string, Record<string, OpenApiOperation>> };
let tokens: Record<'limited' | 'member' | 'admin' | 'operator', string>;
let forged: Record<'tamperedPayload' | 'tamperedSignature' | 'expiredLooking' | 'algNone', string>;
let context: FuzzContext;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens that look like Cognito ID tokens but are not valid ones, made from a real one. */
function forgeTokens(real: string): typeof forged {
  const [header, payload, signature] = real.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  const flipped = [...signature].map((char, index) => (index % 7 === 3 ? (char === 'A' ? 'B' : 'A') : char));
  return {
    tamperedPayload: `${header}.${base64url({ ...claims, 'cognito:groups': [OPERATORS_GROUP] })}.${signature}`,
    tamperedSignature: `${header}.${payload}.${flipped.join('')}`,
    expiredLooking: `${header}.${base64url({ ...claims, iat: now - 7_200, auth_time: now - 7_200, exp: now - 3_600 })}.${signature}`,
    algNone: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, 'cognito:groups': [OPERATORS_GROUP] })}.`,
  };
}

async function activePerson(email: string): Promise<{ token: string; userId: string }> {
  const token = await verifiedPerson(stack, email);
  expectStatus(
    await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } }),
    200,
  );
  expectStatus(await api('PUT', '/v1/me/registration', { token, body: REGISTRATION }), 200);
  const me = expectStatus(await api('GET', '/v1/me', { token }), 200);
  return { token, userId: String(me.userId) };
}

beforeAll(async () => {
  stack = await startStack({ args: ['--demo-products', '20'] });
  api = apiClient(stack);
  const served = await fetch(`${stack.apiUrl}/openapi.json`);
  expect(served.status).toBe(200);
  document = (await served.json()) as typeof document;

  const operator = await signIn(stack, stack.operator.email, stack.operator.password);
  // The first person of org-acme administers it; the second is a plain member.
  const admin = await activePerson('fuzz.admin@acme.example');
  const member = await activePerson('fuzz.member@acme.example');
  const limited = await verifiedPerson(stack, 'fuzz.limited@gmail.com');
  expectStatus(
    await api('PUT', '/v1/me/access-type', { token: limited, body: { accessType: 'CUSTOMER_EMPLOYEE' } }),
    200,
  );
  tokens = { limited, member: member.token, admin: admin.token, operator };
  forged = forgeTokens(member.token);

  // Real ids and cursors, so that valid-looking requests reach the data.
  const products = expectStatus(await api('GET', '/v1/portal/products?limit=3', { token: admin.token }), 200)
    .items as { serviceTag: string; family: string; siteId: string }[];
  const group = expectStatus(
    await api('POST', '/v1/portal/groups', {
      token: admin.token,
      body: { name: 'Fuzz', shared: true, definition: { kind: 'FAMILIES', families: [products[0]!.family] } },
    }),
    201,
  );
  const cursors: string[] = [];
  for (const path of [
    '/v1/portal/sites?limit=1',
    '/v1/portal/products?limit=1',
    '/v1/portal/members?limit=1',
  ]) {
    const page = expectStatus(await api('GET', path, { token: admin.token }), 200);
    for (const key of ['cursor', 'nextCursor']) if (typeof page[key] === 'string') cursors.push(page[key]);
  }
  context = {
    knownPathValues: {
      serviceTag: products.map((product) => product.serviceTag),
      groupId: [String(group.groupId)],
      userId: [member.userId, admin.userId],
      organizationId: ['org-acme', 'org-northland-health'],
      kind: ['sites', 'products'],
    },
    knownCursors: cursors,
  };
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

function authorizationOf(request: FuzzRequest): string | undefined {
  const kind: AuthKind = request.auth;
  switch (kind) {
    case 'none':
      return undefined;
    case 'garbage':
    case 'malformedHeader':
      return request.authorization;
    case 'limited':
    case 'member':
    case 'admin':
    case 'operator':
      return `Bearer ${tokens[kind]}`;
    default:
      return `Bearer ${forged[kind]}`;
  }
}

interface Outcome {
  readonly request: FuzzRequest;
  readonly status: number;
  readonly problem?: string;
  readonly text: string;
  readonly contentType: string | null;
}

/** What is wrong with an answer, if anything. */
function problemOf(request: FuzzRequest, status: number, contentType: string | null, text: string) {
  if (status >= 500) return `server error ${status}`;
  const signedInRoute = request.operationId !== 'offTable' && !isPublic(request.operationId);
  const brokenToken = !['limited', 'member', 'admin', 'operator'].includes(request.auth);
  if (signedInRoute && brokenToken && status < 300) return `a ${request.auth} token got ${status}`;
  if (status < 400) return undefined;
  if (!contentType?.startsWith('application/problem+json')) return `${status} answered as ${contentType}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `${status} body is not JSON`;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `${status} body is not an object`;
  if (typeof body.type !== 'string' || typeof body.title !== 'string') return `${status} without type/title`;
  if (body.status !== status) return `${status} with body status ${String(body.status)}`;
  // `instance` echoes the request path and `errors[].pointer` the field names sent: both are the caller's own.
  const { instance: _path, errors, ...rest } = body;
  const details = Array.isArray(errors) ? errors.map((error) => (error as { detail?: unknown }).detail) : [];
  const ours = JSON.stringify([rest, details]);
  const leak = LEAKS.find((pattern) => pattern.test(ours));
  if (leak) return `${status} leaks internals (${leak.source})`;
  return undefined;
}

const publicOperations = new Set<string>();
const isPublic = (operationId: string) => publicOperations.has(operationId);

const signUpRoute = routeList.find((route) => route.id === 'signUp');

async function send(request: FuzzRequest): Promise<Outcome> {
  const headers: Record<string, string> = {};
  const authorization = authorizationOf(request);
  if (authorization !== undefined) headers.authorization = authorization;
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
  const init: RequestInit = { method: request.method, headers };
  // A Uint8Array body leaves Content-Type to the headers above (a string body would default to text/plain).
  if (request.body !== undefined) init.body = Buffer.from(request.body);
  const response = await fetch(`${stack.apiUrl}${request.path}`, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  const problem = problemOf(request, response.status, contentType, text);
  return { request, status: response.status, text, contentType, ...(problem ? { problem } : {}) };
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : request.body;
  return JSON.stringify({
    operationId: request.operationId,
    method: request.method,
    path: request.path.length > 600 ? `${request.path.slice(0, 600)}…(${request.path.length})` : request.path,
    auth: request.auth,
    ...(request.authorization ? { authorization: request.authorization.slice(0, 200) } : {}),
    contentType: request.contentType ?? '(none)',
    ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey.slice(0, 300) }),
    bodyKind: request.bodyKind,
    body: body.length > 1_500 ? `${body.slice(0, 1_500)}…(${body.length} chars)` : body,
  });
}

describe('fuzzing every route of the OpenAPI document', () => {
  it('answers every generated request below 500, and every 4xx as a problem', async () => {
    const generated = Date.now();
    const requests: FuzzRequest[] = [];
    const paths = Object.keys(document.paths);
    let index = 0;
    for (const [pathTemplate, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        index += 1;
        if (operation['x-portico-auth'] === 'public') publicOperations.add(operation.operationId);
        const arbitrary = requestArbitrary(method.toUpperCase(), pathTemplate, operation, context, {
          // Sign-ups: mostly invalid, so that few reach Cognito and the mailer.
          validBodyWeight: operation.operationId === 'signUp' ? 3 : 12,
        });
        requests.push(...fc.sample(arbitrary, { seed: SEED + index, numRuns: REQUESTS_PER_OPERATION }));
      }
    }
    requests.push(...fc.sample(offTableArbitrary(paths), { seed: SEED, numRuns: OFF_TABLE_REQUESTS }));

    // Cap valid sign-ups (by the route's own schema); the rest lose their password.
    let validSignUps = 0;
    const capped = requests.map((request) => {
      if (request.operationId !== 'signUp' || request.bodyKind !== 'valid' || !signUpRoute?.body)
        return request;
      if (!z.safeParse(signUpRoute.body, request.json).success) return request;
      validSignUps += 1;
      if (validSignUps <= MAX_VALID_SIGNUPS) return request;
      const { password: _dropped, ...rest } = request.json as Record<string, unknown>;
      return { ...request, body: JSON.stringify(rest), json: rest, bodyKind: 'broken' };
    });
    const generationMs = Date.now() - generated;

    const started = Date.now();
    const outcomes = await pool(capped, IN_FLIGHT, async (request) => {
      try {
        return await send(request);
      } catch (error) {
        return {
          request,
          status: 0,
          text: String(error),
          contentType: null,
          problem: `no answer: ${String(error)}`,
        };
      }
    });
    const wallMs = Date.now() - started;

    const perRoute = new Map<string, number>();
    const statuses = new Map<number, number>();
    const bodyKinds = new Map<string, number>();
    for (const outcome of outcomes) {
      perRoute.set(outcome.request.operationId, (perRoute.get(outcome.request.operationId) ?? 0) + 1);
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      bodyKinds.set(outcome.request.bodyKind, (bodyKinds.get(outcome.request.bodyKind) ?? 0) + 1);
    }
    const failures = outcomes.filter((outcome) => outcome.problem !== undefined);
    const serverErrors = outcomes.filter((outcome) => outcome.status >= 500);
    const list = (map: Map<string | number, number>) =>
      [...map.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, count]) => `${key}:${count}`)
        .join(',');

    process.stdout.write(
      `[resilience] fuzz: seed=${SEED} requests=${outcomes.length} operations=${index} ` +
        `validSignUps=${Math.min(validSignUps, MAX_VALID_SIGNUPS)} 5xx=${serverErrors.length} ` +
        `violations=${failures.length} statuses=${list(statuses)} bodies=${list(bodyKinds)} ` +
        `perRoute=${list(perRoute)} generationMs=${generationMs} wallMs=${wallMs}\n`,
    );

    const report = failures.slice(0, 8).map((outcome) => ({
      problem: outcome.problem,
      request: describeRequest(outcome.request),
      answer: `${outcome.status} ${outcome.contentType} ${outcome.text.slice(0, 400)}`,
    }));
    expect(report).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(10_000);
  });
});
