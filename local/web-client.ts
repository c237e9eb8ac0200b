import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { sourceFingerprint as fingerprintOf } from './source-fingerprint';

/**
 * The web client (web/) on the local API's origin, as CloudFront serves it on AWS: the built files of
 * web/dist for every GET that is not an API path, index.html for any path that is not a file (the client
 * routes with the History API), and `/config.json` with the public sign-in settings of the running stack.
 * web/dist is built with Vite (in this process) when web/ changed since the last build: its sources' fingerprint
 * is kept in web/dist, and checked again on each request, so an edit shows on the next reload.
 */

/** What the browser needs to sign in: public values only. */
export interface WebClientConfig {
  readonly cognitoEndpoint: string;
  readonly region: string;
  readonly userPoolClientId: string;
}

export const CONFIG_PATH = '/config.json';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The sources whose change calls for a new build. */
const SOURCE_ENTRIES = ['index.html', 'vite.config.ts', 'src', 'public'];
const STAMP_FILE = '.source-fingerprint';

export type WebBuildOutcome = 'built' | 'up-to-date';

export interface LocalWebClient {
  /** Serves the request when it is the client's (GET or HEAD off the API); false leaves it to the API. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
  /** Builds web/dist when it is missing or older than web/ (calls while a build runs share it). */
  prepare(): Promise<{ outcome: WebBuildOutcome; ms: number }>;
}

/** The fingerprint of web/'s sources, kept in web/dist by each build. */
export function sourceFingerprint(webRoot: string): string {
  return fingerprintOf(webRoot, SOURCE_ENTRIES);
}

/**
 * Builds into a folder of its own, then swaps it in for web/dist: stacks started at once (the tests') may each
 * build, and none ever serves a half-written folder.
 */
async function buildWebClient(webRoot: string, fingerprint: string): Promise<void> {
  const { build } = await import('vite');
  const target = join(webRoot, 'dist');
  const staging = join(webRoot, `dist.building-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await build({
      root: webRoot,
      configFile: join(webRoot, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
    writeFileSync(join(staging, STAMP_FILE), fingerprint);
    const retired = `${target}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(target, retired);
    } catch {
      // No web/dist yet, or another stack just moved it.
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another stack put its build (of the same sources) in place first: use that one.
      if (!existsSync(join(target, 'index.html'))) throw error;
    }
    rmSync(retired, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function isUpToDate(distRoot: string, fingerprint: string): boolean {
  try {
    return (
      existsSync(join(distRoot, 'index.html')) &&
      readFileSync(join(distRoot, STAMP_FILE), 'utf8') === fingerprint
    );
  } catch {
    return false;
  }
}

function securityHeaders(config: WebClientConfig): Record<string, string> {
  const cognitoOrigin = new URL(config.cognitoEndpoint).origin;
  return {
    'Content-Security-Policy':
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; ` +
      `connect-src 'self' ${cognitoOrigin}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
  };
}

function problem(response: ServerResponse, status: 400 | 404 | 500, detail: string): void {
  const titles = { 400: 'Bad request', 404: 'Not found', 500: 'Internal error' } as const;
  const type = { 400: 'malformed-request', 404: 'not-found', 500: 'internal-error' } as const;
  response.writeHead(status, { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify({ type: `/problems/${type[status]}`, title: titles[status], status, detail }));
}

/** Is this path the API's (or the local OpenAPI document's)? Those never fall back to the client. */
export function isApiPath(pathname: string): boolean {
  return pathname === '/v1' || pathname.startsWith('/v1/') || pathname === '/openapi.json';
}

export function localWebClient(options: { projectRoot: string; config: WebClientConfig }): LocalWebClient {
  const webRoot = join(options.projectRoot, 'web');
  const distRoot = resolve(webRoot, 'dist');
  const headers = securityHeaders(options.config);
  let prepared:
    { fingerprint: string; result: Promise<{ outcome: WebBuildOutcome; ms: number }> } | undefined;

  /** Cheap when nothing changed (a few dozen stat calls), so it runs per request: edits to web/ show on reload. */
  function prepare() {
    const fingerprint = sourceFingerprint(webRoot);
    if (prepared?.fingerprint === fingerprint) return prepared.result;
    const started = Date.now();
    const result = isUpToDate(distRoot, fingerprint)
      ? Promise.resolve({ outcome: 'up-to-date' as const, ms: Date.now() - started })
      : buildWebClient(webRoot, fingerprint).then(() => ({
          outcome: 'built' as const,
          ms: Date.now() - started,
        }));
    const current = { fingerprint, result };
    prepared = current;
    // A failed build is tried again by the next request.
    result.catch(() => {
      if (prepared === current) prepared = undefined;
    });
    return result;
  }

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const method = request.method ?? 'GET';
    if ((method !== 'GET' && method !== 'HEAD') || isApiPath(url.pathname)) return false;
    const head = method === 'HEAD';

    if (url.pathname === CONFIG_PATH) {
      response.writeHead(200, {
        ...headers,
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
      });
      response.end(head ? undefined : JSON.stringify(options.config));
      return true;
    }

    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      problem(response, 400, 'The path is not valid percent-encoding.');
      return true;
    }
    try {
      await prepare();
    } catch (error) {
      problem(
        response,
        500,
        `The web client could not be built: ${error instanceof Error ? error.message : error}`,
      );
      return true;
    }

    // Resolved against web/dist and kept inside it: `..`, encoded or not, and NUL never leave the folder.
    const candidate = resolve(distRoot, `.${pathname}`);
    const inside = candidate === distRoot || candidate.startsWith(distRoot + sep);
    if (!inside || pathname.includes('\0') || candidate.endsWith(STAMP_FILE)) {
      problem(response, 404, 'No such file.');
      return true;
    }
    let file = candidate;
    const found = await stat(file).catch(() => undefined);
    if (!found?.isFile()) {
      // A path that names a file (has an extension) and is missing is a 404; any other is a page of the client.
      if (extname(pathname) !== '') {
        problem(response, 404, 'No such file.');
        return true;
      }
      file = join(distRoot, 'index.html');
    }
    const body = await readFile(file);
    const immutable = file.startsWith(join(distRoot, 'assets') + sep);
    response.writeHead(200, {
      ...headers,
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      // Hashed asset names change with their content; index.html must always be asked for again.
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    response.end(head ? undefined : body);
    return true;
  }

  return { handle, prepare };
}
