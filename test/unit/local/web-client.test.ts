import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWebClient, sourceFingerprint } from '../../../local/web-client';

/**
 * The local static serving of the web client (local/web-client.ts) over a built folder whose fingerprint
 * matches its sources, so nothing is built here: files, the History API fallback, config.json, and no way out
 * of web/dist.
 */

const root = mkdtempSync(join(tmpdir(), 'portico-web-'));
const config = {
  cognitoEndpoint: 'http://127.0.0.1:9229',
  region: 'us-east-1',
  userPoolClientId: 'client-1',
};
let server: Server;
let base: string;

beforeAll(async () => {
  const web = join(root, 'web');
  mkdirSync(join(web, 'src'), { recursive: true });
  mkdirSync(join(web, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html>source');
  writeFileSync(join(web, 'src', 'main.ts'), 'export {};');
  writeFileSync(join(web, 'dist', 'index.html'), '<!doctype html>built');
  writeFileSync(join(web, 'dist', 'assets', 'index-abc.js'), 'console.log(1);');
  writeFileSync(join(web, 'dist', '.source-fingerprint'), sourceFingerprint(web));
  writeFileSync(join(root, 'secret.txt'), 'do not serve');

  const client = localWebClient({ projectRoot: root, config });
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    void client.handle(request, response, url).then((handled) => {
      if (handled) return;
      response.writeHead(599);
      response.end('left to the API');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(root, { recursive: true, force: true });
});

/** A request with the path exactly as given (fetch would normalise `..`). */
function get(
  path: string,
  method = 'GET',
): Promise<{ status: number; type: string; cache: string; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${base}${path}`, { method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          type: String(response.headers['content-type']),
          cache: String(response.headers['cache-control']),
          body,
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the local web client server', () => {
  it('serves index.html at / and for any path that is not a file, uncached', async () => {
    for (const path of ['/', '/signup', '/portal/products?site=x']) {
      const answer = await get(path);
      expect(answer).toEqual(
        expect.objectContaining({ status: 200, type: 'text/html; charset=utf-8', cache: 'no-cache' }),
      );
      expect(answer.body).toBe('<!doctype html>built');
    }
  });

  it('serves built files with their content type, hashed assets cached for good', async () => {
    const script = await get('/assets/index-abc.js');
    expect(script).toEqual(
      expect.objectContaining({
        status: 200,
        type: 'text/javascript; charset=utf-8',
        cache: 'public, max-age=31536000, immutable',
        body: 'console.log(1);',
      }),
    );
    expect((await get('/assets/index-abc.js', 'HEAD')).body).toBe('');
  });

  it('answers config.json with the public sign-in settings', async () => {
    const answer = await get('/config.json');
    expect(answer.type).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual(config);
  });

  it('never leaves web/dist: traversal, encoded or not, and the fingerprint file are 404s', async () => {
    for (const path of [
      '/../secret.txt',
      '/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2f..%2fsecret.txt',
      '/assets/..%2f..%2f..%2fsecret.txt',
      '/.source-fingerprint',
      '/missing.js',
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.type).toBe('application/problem+json');
      expect(answer.body).not.toContain('do not serve');
    }
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });

  it('leaves API paths and other methods to the API', async () => {
    for (const [path, method] of [
      ['/v1/me', 'GET'],
      ['/v1', 'GET'],
      ['/openapi.json', 'GET'],
      ['/', 'POST'],
      ['/signup', 'DELETE'],
    ] as const) {
      expect((await get(path, method)).status, `${method} ${path}`).toBe(599);
    }
  });
});
