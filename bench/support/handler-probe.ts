import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { build } from 'esbuild';
import type { RouteDefinition } from '../../functions/routes';
import { esbuildOptions } from '../../lib/bundling-options';

/**
 * The memory-sizing probe: each handler is bundled as CDK bundles it for lib/portico-function.ts
 * (lib/bundling-options.ts: esbuild, ESM, minified, node22, AWS SDK inside), and run in its own plain `node` process — one handler per
 * process, like one Lambda instance — which is invoked with API Gateway events one call at a time and reports
 * the CPU time and memory of each call (bench/support/probe-harness.ts).
 */

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface HandlerBundle {
  readonly file: string;
  readonly bytes: number;
  /** Source files esbuild put in, and any native addon (`.node`) or binding among them. */
  readonly inputs: number;
  readonly nativeInputs: readonly string[];
}

export interface ProbeBuild {
  readonly directory: string;
  readonly harness: string;
  readonly bundles: ReadonlyMap<string, HandlerBundle>;
  remove(): void;
}

/** Bundles the handlers of `routes` (and the harness) into a temporary folder. */
export async function buildProbeBundles(routes: readonly RouteDefinition[]): Promise<ProbeBuild> {
  const directory = mkdtempSync(join(tmpdir(), 'portico-probe-'));
  const bundles = new Map<string, HandlerBundle>();
  for (const route of routes) {
    const file = join(directory, `${route.id}.mjs`);
    // Exactly the esbuild options CDK derives from the functions' bundling settings.
    const result = await build({ ...esbuildOptions(route.handler, file), metafile: true, logLevel: 'error' });
    const inputs = Object.keys(result.metafile.inputs);
    bundles.set(route.id, {
      file,
      bytes: statSync(file).size,
      inputs: inputs.length,
      nativeInputs: inputs.filter((input) =>
        /\.node$|binding\.gyp|node-gyp-build|prebuild|bindings\//.test(input),
      ),
    });
  }
  const harness = join(directory, 'probe-harness.mjs');
  await build({
    entryPoints: [join(ROOT, 'bench', 'support', 'probe-harness.ts')],
    outfile: harness,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  return { directory, harness, bundles, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/** Whether a bundle's text loads a native addon (`.node` file, `process.dlopen`). */
export function loadsNativeCode(bundle: HandlerBundle): boolean {
  const text = readFileSync(bundle.file, 'utf8');
  return bundle.nativeInputs.length > 0 || /process\.dlopen|require\([^)]*\.node["'`]\)/.test(text);
}

export interface InitFigures {
  readonly initMs: number;
  readonly initCpuMs: number;
  readonly baseRssMb: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly peakRssMb: number;
}

export interface CallFigures {
  readonly statusCode: number;
  readonly body: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly peakRssMb: number;
}

export interface ProbeInstance {
  readonly init: InitFigures;
  readonly pid: number;
  /** The last few KB the handler logged. */
  logTail(): string;
  invoke(event: APIGatewayProxyEvent): Promise<CallFigures>;
  stop(): Promise<void>;
}

/** Starts one "instance" of a handler: a plain node process with the function's environment. */
export async function startProbeInstance(
  probe: ProbeBuild,
  route: RouteDefinition,
  env: Readonly<Record<string, string>>,
): Promise<ProbeInstance> {
  const bundle = probe.bundles.get(route.id);
  if (!bundle) throw new Error(`no bundle for ${route.id}`);
  // A clean environment: only what a Lambda function gets (its variables), plus PATH.
  const child: ChildProcess = fork(probe.harness, [bundle.file], {
    execArgv: [],
    env: { PATH: process.env.PATH ?? '', ...env },
    // Logs (Powertools at INFO, as deployed) are written; the last few KB are kept to explain failures.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let logs = '';
  child.stdout?.on('data', (chunk: Buffer) => (logs = (logs + chunk.toString()).slice(-8000)));
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
  let nextId = 1;
  const pending = new Map<number, (figures: CallFigures) => void>();
  const init = await new Promise<InitFigures>((done, reject) => {
    child.once('exit', (code) => reject(new Error(`probe of ${route.id} exited (${code}): ${errors}`)));
    child.on('message', (message: { type: string; id?: number } & InitFigures & CallFigures) => {
      if (message.type === 'ready') done(message);
      else if (message.id !== undefined) pending.get(message.id)?.(message);
    });
  });
  return {
    init,
    pid: child.pid ?? 0,
    logTail: () => logs,
    invoke: (event) =>
      new Promise((done) => {
        const id = nextId++;
        pending.set(id, (figures) => {
          pending.delete(id);
          done(figures);
        });
        // The deployed function's timeout (lib/api.ts: 10 s unless the route sets its own).
        const timeoutMs = (route.function?.timeoutSeconds ?? 10) * 1000;
        child.send({ id, event, functionName: route.id, timeoutMs });
      }),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.removeAllListeners('exit');
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** The API Gateway proxy event the deployed API (and local/api-server.ts) hands the route's function. */
export function apiEvent(
  route: RouteDefinition,
  options: {
    readonly body?: unknown;
    /** A body sent as is, with its media type (e.g. CSV), instead of `body` as JSON. */
    readonly raw?: { readonly text: string; readonly contentType: string };
    readonly claims?: Record<string, string>;
    readonly pathParameters?: Record<string, string>;
    readonly query?: Record<string, string>;
  } = {},
): APIGatewayProxyEvent {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? name);
  const headers: Record<string, string> = {
    host: 'api.portico.example',
    'user-agent': 'portico-bench',
    ...(options.raw
      ? { 'content-type': options.raw.contentType }
      : options.body === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    ...(options.claims ? { authorization: 'Bearer probe' } : {}),
  };
  const query = options.query && Object.keys(options.query).length > 0 ? options.query : null;
  return {
    resource: route.path,
    path,
    httpMethod: route.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]]))
      : null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    body: options.raw ? options.raw.text : options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'probe',
      authorizer: options.claims ? { claims: options.claims } : null,
      protocol: 'HTTP/1.1',
      httpMethod: route.method,
      identity: {
        sourceIp: '127.0.0.1',
        userAgent: 'portico-bench',
      } as APIGatewayProxyEvent['requestContext']['identity'],
      path: `/api${path}`,
      stage: 'api',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: route.id,
      resourcePath: route.path,
    },
  } as APIGatewayProxyEvent;
}
