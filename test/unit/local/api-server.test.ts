import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { answersOf } from '../../../functions/http/route';
import type { RouteDefinition } from '../../../functions/routes';
import { startApiServer } from '../../../local/api-server';
import type { TokenAuthorizer } from '../../../local/authorizer';

/** The local server hands each handler the Lambda context of its deployed function. */

const HANDLER = `export const handler = async (event, context) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ remainingMs: context.getRemainingTimeInMillis(), functionName: context.functionName }),
});`;

const route = (id: string, timeoutSeconds?: number): RouteDefinition => ({
  id,
  method: 'GET',
  path: `/v1/${id}`,
  auth: 'public',
  handler: 'remaining-time.handler.mjs',
  summary: id,
  body: undefined,
  success: { 200: 'The remaining time' },
  responses: answersOf<() => { 200: z.ZodMiniObject }>(),
  grants: [],
  ...(timeoutSeconds ? { function: { timeoutSeconds } } : {}),
});

const refuseEveryToken = (async () => {
  throw new Error('no token expected on a public route');
}) as unknown as TokenAuthorizer;

let root: string;
let server: Server;
let url: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'portico-api-server-'));
  writeFileSync(join(root, 'remaining-time.handler.mjs'), HANDLER);
  ({ server, url } = await startApiServer({
    port: 0,
    routes: [route('quick'), route('slow', 29)],
    projectRoot: root,
    authorizer: refuseEveryToken,
    answerSchemasOf: () => ({ 200: z.strictObject({ remainingMs: z.number(), functionName: z.string() }) }),
  }));
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe("a handler's Lambda context", () => {
  it('counts down from the default 10 s timeout', async () => {
    const answer = (await (await fetch(`${url}/v1/quick`)).json()) as {
      remainingMs: number;
      functionName: string;
    };

    expect(answer.functionName).toBe('portico-quick');
    expect(answer.remainingMs).toBeGreaterThan(9_000);
    expect(answer.remainingMs).toBeLessThanOrEqual(10_000);
  });

  it("counts down from the route's own timeout, as on AWS (a long import is not cut at 10 s)", async () => {
    const answer = (await (await fetch(`${url}/v1/slow`)).json()) as { remainingMs: number };

    expect(answer.remainingMs).toBeGreaterThan(28_000);
    expect(answer.remainingMs).toBeLessThanOrEqual(29_000);
  });
});

describe('the interactive API reference', () => {
  it('is a page of the live document, which loads nothing from another origin', async () => {
    const response = await fetch(`${url}/reference`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('"url":"/openapi.json"');
    expect(html).toContain('<script src="/reference/scalar.js">');
    expect(html).toContain('"withDefaultFonts":false');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("serves Scalar's standalone bundle from node_modules", async () => {
    const response = await fetch(`${url}/reference/scalar.js`);
    const script = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script).toContain('createApiReference');
  });

  it('documents the routes it serves', async () => {
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };

    expect(Object.keys(document.paths)).toEqual(['/v1/quick', '/v1/slow']);
  });
});
