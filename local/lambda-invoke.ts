import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lambdaContext } from './lambda-context';

/**
 * Lambda's Invoke API (`POST /2015-03-31/functions/{name}/invocations`, RequestResponse) for the functions the
 * local stack's emulators call, run in this process from their real handler modules: cognito-local invokes the
 * user pool's triggers through it (with the aws-sdk v2 Lambda client and the endpoint in its
 * `.cognito/config.json`), as Cognito invokes them on AWS.
 *
 * As Lambda answers: the handler's result as JSON with status 200; a handler that throws, or outlasts its
 * timeout, also 200, with `X-Amz-Function-Error: Unhandled` and `{errorMessage, errorType}`; an unknown function
 * 404 ResourceNotFoundException. Listens on 127.0.0.1 only.
 */

export type InvokedHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

export interface InvokedFunction {
  /** The handler, loaded on the first invocation (handler modules read their settings when first called). */
  readonly load: () => Promise<InvokedHandler>;
  /** The deployed function's timeout (lib/): an invocation still running then ends as Lambda's would. */
  readonly timeoutSeconds: number;
}

export interface LambdaInvokeServer {
  readonly server: Server;
  /** `http://127.0.0.1:<port>`: the endpoint of a Lambda client. */
  readonly url: string;
  stop(): Promise<void>;
}

const INVOCATION_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function answer(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(body === undefined ? 'null' : JSON.stringify(body));
}

class FunctionTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

async function invoke(fn: InvokedFunction, name: string, payload: unknown): Promise<unknown> {
  const handler = await fn.load();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FunctionTimeoutError(`Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`)),
      fn.timeoutSeconds * 1000,
    );
  });
  try {
    const context = lambdaContext({ name: name.replace(/^portico-/, ''), timeoutSeconds: fn.timeoutSeconds });
    return await Promise.race([handler(payload, context), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the endpoint on `port` (0: one the OS picks) for `functions`, keyed by function name. */
export async function startLambdaInvoke(options: {
  readonly port?: number;
  readonly functions: Readonly<Record<string, InvokedFunction>>;
}): Promise<LambdaInvokeServer> {
  const server = createServer((request, response) => {
    const name = INVOCATION_PATH.exec(new URL(request.url ?? '/', 'http://localhost').pathname)?.[1];
    const fn = name === undefined ? undefined : options.functions[decodeURIComponent(name)];
    if (request.method !== 'POST' || name === undefined || !fn) {
      answer(
        response,
        404,
        { Type: 'User', message: `Function not found: ${name ?? request.url}` },
        { 'X-Amzn-ErrorType': 'ResourceNotFoundException' },
      );
      return;
    }
    void (async () => {
      try {
        const text = await bodyOf(request);
        const result = await invoke(fn, decodeURIComponent(name), text ? (JSON.parse(text) as unknown) : {});
        answer(response, 200, result);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        answer(
          response,
          200,
          { errorMessage: failure.message, errorType: failure.name },
          { 'X-Amz-Function-Error': 'Unhandled' },
        );
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The Lambda client keeps its connection open; a stop does not wait for it to time out.
        server.closeAllConnections();
      }),
  };
}
