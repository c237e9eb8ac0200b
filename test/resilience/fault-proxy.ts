import { createServer, request as forward, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy saw it, for a fault rule to look at. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** The AWS JSON protocol's operation (`X-Amz-Target`), e.g. `DynamoDB_20120810.GetItem`; '' for REST. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the proxy answers instead of forwarding. */
export interface FaultAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** undefined forwards the request to the emulator; an answer is sent back instead. */
export type FaultRule = (request: ProxiedRequest) => FaultAnswer | undefined;

/** A forwarded request's answer as the emulator sent it (the body whole, as received). */
export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Optional hooks for a proxy that watches rather than fails requests (bench/cost.bench.ts meters with them). */
export interface ProxyHooks {
  /** A new body for a request about to be forwarded (its content-length follows); undefined keeps it. */
  readonly rewrite?: (request: ProxiedRequest) => string | undefined | Promise<string | undefined>;
  /**
   * Called once the answer of a forwarded request has been received in full, before it is sent back: the
   * caller gets it only when what this answers has settled (so an observer can read what the request changed).
   */
  readonly observe?: (request: ProxiedRequest, answer: UpstreamAnswer) => void | Promise<void>;
}

export interface FaultProxy {
  readonly url: string;
  /** Where forwarded requests go; requests wait until it is known (the emulators' ports come with the stack). */
  setUpstream(url: string): void;
  /** The rule in force; none forwards everything. */
  rule: FaultRule | undefined;
  /** Requests answered by the rule, and forwarded, since the start (or the last `resetCounts`). */
  readonly counts: { failed: number; forwarded: number; failedTargets: string[] };
  resetCounts(): void;
  close(): Promise<void>;
}

/**
 * A small HTTP proxy in front of one emulator: each request is either forwarded byte for byte or answered by
 * the test's fault rule (a throttle, a 5xx). The local stack's functions are pointed at it through
 * PORTICO_FUNCTION_ENDPOINT_URL_<SERVICE> (local/stack.ts), so only they meet the faults. With `hooks`, a
 * forwarded body may be rewritten and each answer observed (the cost bench meters DynamoDB this way).
 */
export async function startFaultProxy(hooks: ProxyHooks = {}): Promise<FaultProxy> {
  let upstream: URL | undefined;
  let upstreamKnown: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (upstreamKnown = resolve));
  const counts = { failed: 0, forwarded: 0, failedTargets: [] as string[] };

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const seen: ProxiedRequest = {
          method: incoming.method ?? 'GET',
          path: incoming.url ?? '/',
          target: String(incoming.headers['x-amz-target'] ?? ''),
          headers: incoming.headers,
          body: body.toString('utf8'),
        };
        const fault = proxy.rule?.(seen);
        if (fault) {
          counts.failed += 1;
          counts.failedTargets.push(seen.target || `${seen.method} ${seen.path}`);
          outgoing.writeHead(fault.status, fault.headers ?? {});
          outgoing.end(fault.body ?? '');
          return;
        }
        await ready;
        const target = upstream as URL;
        counts.forwarded += 1;
        const rewritten = await hooks.rewrite?.(seen);
        const sent = rewritten === undefined ? body : Buffer.from(rewritten, 'utf8');
        const upstreamRequest = forward(
          {
            host: target.hostname,
            port: target.port,
            method: seen.method,
            path: seen.path,
            headers: {
              ...incoming.headers,
              host: target.host,
              ...(rewritten === undefined ? {} : { 'content-length': String(sent.length) }),
            },
          },
          (answer) => {
            const observe = hooks.observe;
            if (!observe) {
              outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(outgoing);
              return;
            }
            const parts: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => parts.push(chunk));
            answer.on('end', () => {
              const whole = {
                status: answer.statusCode ?? 502,
                headers: answer.headers,
                body: Buffer.concat(parts),
              };
              void Promise.resolve(observe(seen, whole))
                .catch(() => undefined)
                .then(() => {
                  outgoing.writeHead(whole.status, whole.headers);
                  outgoing.end(whole.body);
                });
            });
          },
        );
        upstreamRequest.on('error', () => {
          if (!outgoing.headersSent) outgoing.writeHead(502);
          outgoing.end();
        });
        upstreamRequest.end(sent);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}`,
    setUpstream(url) {
      upstream = new URL(url);
      upstreamKnown();
    },
    rule: undefined,
    counts,
    resetCounts() {
      counts.failed = 0;
      counts.forwarded = 0;
      counts.failedTargets = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}

/** An AWS JSON protocol error answer (DynamoDB, Cognito). */
export function awsJsonError(status: number, type: string, message: string): FaultAnswer {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: type, message }),
  };
}
