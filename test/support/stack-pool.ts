import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { removeData, startStack, type RunningStack, type StackDescription } from '../integration/local-stack';

/**
 * The run's pool of local stacks (a vitest globalSetup of the projects that start stacks): a test file that
 * calls `sharedStack(options)` (test/support/shared-stack.ts) gets an idle stack started earlier in the run
 * with the same options, else a new one; its afterAll's stop() gives it back. A stack serves one file at a
 * time, and an idle one is paused (SIGSTOP of its process group: no CPU, not even its scheduled jobs) until
 * the next file takes it. Every stack of the pool is stopped, and its folder removed, when the run ends.
 *
 * Only files whose tests do not need a fresh stack ask for a shared one: their people and organizations are
 * their own, and nothing they assert depends on what another file did before them (e.g. who joined Acme
 * first, who administers it). docs/performance.md ("Shared stacks in the test run") lists them, and why the
 * others start their own.
 */

/** What a test file may ask of a shared stack: function settings and start flags, nothing else. */
export interface SharedStackOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly args?: readonly string[];
}

export interface PooledStack {
  readonly id: number;
  readonly stack: StackDescription & { readonly dataDirectory: string };
  /** How many files had the stack before this one. */
  readonly reuse: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The pool's address (http://127.0.0.1:port), when the project has one. */
    stackPool: string | undefined;
  }
}

interface Entry {
  readonly id: number;
  readonly key: string;
  readonly stack: RunningStack;
  busy: boolean;
  uses: number;
}

/** Options that start the same stack give the same key, whatever the order of their variables. */
function keyOf(options: SharedStackOptions): string {
  const env = Object.entries(options.env ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ env, args: options.args ?? [] });
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      try {
        resolve(body ? JSON.parse(body) : {});
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    request.on('error', reject);
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const entries: Entry[] = [];
  const starting = new Set<Promise<unknown>>();
  let nextId = 1;

  async function acquire(options: SharedStackOptions): Promise<PooledStack> {
    const key = keyOf(options);
    const idle = entries.find((entry) => entry.key === key && !entry.busy);
    if (idle) {
      idle.busy = true;
      idle.uses += 1;
      idle.stack.resume();
      return { id: idle.id, stack: describe(idle.stack), reuse: idle.uses - 1 };
    }
    const start = startStack({
      ...(options.env ? { env: { ...options.env } } : {}),
      ...(options.args ? { args: [...options.args] } : {}),
      processGroup: true,
    });
    starting.add(start);
    try {
      const stack = await start;
      const entry: Entry = { id: nextId++, key, stack, busy: true, uses: 1 };
      entries.push(entry);
      return { id: entry.id, stack: describe(stack), reuse: 0 };
    } finally {
      starting.delete(start);
    }
  }

  function release(id: number): void {
    const entry = entries.find((candidate) => candidate.id === id);
    if (!entry?.busy) return;
    try {
      entry.stack.pause();
      entry.busy = false;
    } catch {
      // Its processes are gone (it crashed): never lent again, removed at the end.
    }
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readJson(request)
      .then(async (body) => {
        if (request.method === 'POST' && request.url === '/acquire')
          return acquire(body as SharedStackOptions);
        if (request.method === 'POST' && request.url === '/release') {
          release((body as { id: number }).id);
          return {};
        }
        throw new Error(`no ${request.method} ${request.url} here`);
      })
      .then(
        (answer) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer));
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(error instanceof Error ? (error.stack ?? error.message) : String(error));
        },
      );
  });
  // A start can take a while on a loaded machine: no server-side limit on the request.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  project.provide('stackPool', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);

  return async () => {
    const files = entries.reduce((sum, entry) => sum + entry.uses, 0);
    if (files > entries.length) {
      console.log(
        `stack pool (${project.name}): ${files} test files on ${entries.length} shared stacks, ${files - entries.length} starts saved`,
      );
    }
    await new Promise((closed) => server.close(closed));
    await Promise.allSettled([...starting]);
    await Promise.all(
      entries.map(async (entry) => {
        await entry.stack.stop();
        removeData(entry.stack);
      }),
    );
  };
}

/** The stack as JSON can carry it (its controls stay here). */
function describe(stack: RunningStack): PooledStack['stack'] {
  const { stop: _stop, kill: _kill, pause: _pause, resume: _resume, shared: _shared, ...description } = stack;
  return description;
}
