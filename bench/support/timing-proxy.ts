import { fork, type ChildProcess } from 'node:child_process';
import { Agent, createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Timing proxies for the load bench: one small HTTP proxy in front of each emulator the functions call
 * (DynamoDB Local, cognito-local, aws-ses-v2-local). The local stack points only its functions at them through
 * PORTICO_FUNCTION_ENDPOINT_URL_<SERVICE> (local/stack.ts); the proxies forward every request byte for byte
 * and add up how long each took, from the request's arrival to the end of the emulator's answer: the time a
 * function spent waiting on that emulator (plus one loopback hop).
 *
 * They run in their own process (`startTimingProxies` forks this module), so that neither the load driver nor
 * the API process pays for them, and their CPU time is counted apart.
 */

export const PROXIED_SERVICES = ['dynamodb', 'cognito', 'ses'] as const;
export type ProxiedService = (typeof PROXIED_SERVICES)[number];

/** The variable of local/stack.ts that sends the functions (only) to another endpoint for the service. */
export const FUNCTION_ENDPOINT_VARIABLES: Readonly<Record<ProxiedService, string>> = {
  dynamodb: 'PORTICO_FUNCTION_ENDPOINT_URL_DYNAMODB',
  cognito: 'PORTICO_FUNCTION_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
  ses: 'PORTICO_FUNCTION_ENDPOINT_URL_SESV2',
};

/** Requests and summed milliseconds, per service and per operation (`X-Amz-Target`, or method and path). */
export interface UpstreamTotals {
  readonly calls: number;
  readonly ms: number;
  readonly byOperation: Readonly<Record<string, { readonly calls: number; readonly ms: number }>>;
}
export type UpstreamSnapshot = Readonly<Record<ProxiedService, UpstreamTotals>> & {
  /**
   * Milliseconds in which at least one call (to any emulator) was in flight. With one API request at a time
   * this is the request's own wait even when it sends calls in parallel, which the sums count once each.
   */
  readonly anyBusyMs: number;
};

export interface TimingProxies {
  readonly urls: Readonly<Record<ProxiedService, string>>;
  /** The proxy process, for its CPU time. */
  readonly pid: number;
  setUpstreams(urls: Readonly<Record<ProxiedService, string>>): Promise<void>;
  /** The totals since the last reset, and a fresh start. */
  takeTotals(): Promise<UpstreamSnapshot>;
  close(): Promise<void>;
}

type Request =
  | { readonly id: number; readonly type: 'upstreams'; readonly urls: Record<ProxiedService, string> }
  | { readonly id: number; readonly type: 'take' };
type Reply =
  | { readonly type: 'ready'; readonly urls: Record<ProxiedService, string> }
  | { readonly id: number; readonly type: 'done'; readonly totals?: UpstreamSnapshot };

/** Forks the proxy process and waits until its three proxies listen. */
export async function startTimingProxies(): Promise<TimingProxies> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, (reply: Reply) => void>();
  const urls = await new Promise<Record<ProxiedService, string>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the timing proxy process exited (${code})`)));
    child.on('message', (message: Reply) => {
      if (message.type === 'ready') resolve(message.urls);
      else pending.get(message.id)?.(message);
    });
  });
  const ask = (request: { type: 'upstreams'; urls: Record<ProxiedService, string> } | { type: 'take' }) =>
    new Promise<Reply>((resolve) => {
      const id = nextId++;
      pending.set(id, (reply) => {
        pending.delete(id);
        resolve(reply);
      });
      child.send({ ...request, id });
    });
  return {
    urls,
    pid: child.pid ?? 0,
    async setUpstreams(upstreams) {
      await ask({ type: 'upstreams', urls: { ...upstreams } });
    },
    async takeTotals() {
      const reply = await ask({ type: 'take' });
      if (reply.type !== 'done' || !reply.totals) throw new Error('the timing proxy sent no totals');
      return reply.totals;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A zero total, to add snapshots to. */
export function emptySnapshot(): UpstreamSnapshot {
  return { dynamodb: empty(), cognito: empty(), ses: empty(), anyBusyMs: 0 };
}

function empty(): UpstreamTotals {
  return { calls: 0, ms: 0, byOperation: {} };
}

// ── the proxy process ────────────────────────────────────────────────────────────────────────────────────────

interface Counter {
  calls: number;
  ms: number;
  byOperation: Record<string, { calls: number; ms: number }>;
}

async function serve(): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const upstreams = new Map<ProxiedService, URL>();
  let upstreamsKnown: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (upstreamsKnown = resolve));
  let counters = freshCounters();
  let inFlight = 0;
  let busySince = 0;

  const proxyFor = (service: ProxiedService): Server =>
    createServer((incoming, outgoing) => {
      const started = performance.now();
      if (inFlight === 0) busySince = started;
      inFlight += 1;
      const operation =
        String(incoming.headers['x-amz-target'] ?? '') || `${incoming.method} ${pathOf(incoming.url)}`;
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        void ready.then(() => {
          const target = upstreams.get(service) as URL;
          const body = Buffer.concat(chunks);
          const send = (retry: boolean) => {
            const upstreamRequest = forward(
              {
                host: target.hostname,
                port: target.port,
                method: incoming.method,
                path: incoming.url,
                headers: { ...incoming.headers, host: target.host },
                agent,
              },
              (answer) => {
                outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(outgoing);
              },
            );
            upstreamRequest.on('error', (error: NodeJS.ErrnoException) => {
              // A kept-alive connection the emulator closed just as it was reused: send again on a new one
              // (Node's documented pattern), so the proxy adds no failures of its own.
              if (retry && upstreamRequest.reusedSocket && error.code === 'ECONNRESET') return send(false);
              console.error(`timing proxy (${service}): ${operation} failed upstream: ${error.message}`);
              if (!outgoing.headersSent) outgoing.writeHead(502);
              outgoing.end();
            });
            upstreamRequest.end(body);
          };
          send(true);
        });
      });
      outgoing.on('finish', () => {
        const ended = performance.now();
        const ms = ended - started;
        inFlight -= 1;
        if (inFlight === 0) counters.anyBusyMs += ended - busySince;
        const counter = counters[service];
        counter.calls += 1;
        counter.ms += ms;
        const byOperation = (counter.byOperation[operation] ??= { calls: 0, ms: 0 });
        byOperation.calls += 1;
        byOperation.ms += ms;
      });
    });

  const servers = PROXIED_SERVICES.map((service) => [service, proxyFor(service)] as const);
  // Clients keep their connections to the proxy open between calls, longer than Node's 5 s default.
  for (const [, server] of servers) server.keepAliveTimeout = 65_000;
  const urls = {} as Record<ProxiedService, string>;
  for (const [service, server] of servers) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    urls[service] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  process.on('message', (message: Request) => {
    if (message.type === 'upstreams') {
      for (const service of PROXIED_SERVICES) upstreams.set(service, new URL(message.urls[service]));
      upstreamsKnown();
      process.send?.({ id: message.id, type: 'done' } satisfies Reply);
    } else {
      const now = performance.now();
      if (inFlight > 0) {
        counters.anyBusyMs += now - busySince;
        busySince = now;
      }
      const totals = counters;
      counters = freshCounters();
      process.send?.({ id: message.id, type: 'done', totals } satisfies Reply);
    }
  });
  process.once('SIGTERM', () => process.exit(0));
  process.once('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready', urls } satisfies Reply);
}

function freshCounters(): Record<ProxiedService, Counter> & { anyBusyMs: number } {
  return {
    anyBusyMs: 0,
    dynamodb: { calls: 0, ms: 0, byOperation: {} },
    cognito: { calls: 0, ms: 0, byOperation: {} },
    ses: { calls: 0, ms: 0, byOperation: {} },
  };
}

/** The path without its query, and with ids (long or numeric segments) folded, so operations stay few. */
function pathOf(url: string | undefined): string {
  return (url ?? '/')
    .replace(/\?.*$/, '')
    .split('/')
    .map((segment) => (segment.length > 24 || /^\d+$/.test(segment) ? ':id' : segment))
    .join('/');
}

if (process.argv.includes('--serve') && process.argv[1] === fileURLToPath(import.meta.url)) {
  void serve();
}
