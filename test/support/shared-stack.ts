import { inject } from 'vitest';
import { startStack, type RunningStack } from '../integration/local-stack';
import type { PooledStack, SharedStackOptions } from './stack-pool';

/**
 * A local stack this test file may share with other files of the run that ask for the same options, one file
 * at a time (test/support/stack-pool.ts): it may hold their people, organizations and emails. stop() gives it
 * back to the pool, and removeData() leaves its folder to the pool. Without a pool (a project or config that
 * has none), a stack of the file's own, as startStack.
 */
export async function sharedStack(options: SharedStackOptions = {}): Promise<RunningStack> {
  const pool = inject('stackPool');
  if (!pool) {
    return startStack({
      ...(options.env ? { env: { ...options.env } } : {}),
      ...(options.args ? { args: [...options.args] } : {}),
    });
  }
  const answer = await fetch(`${pool}/acquire`, { method: 'POST', body: JSON.stringify(options) });
  if (!answer.ok) throw new Error(`the stack pool could not start a stack:\n${await answer.text()}`);
  const { id, stack } = (await answer.json()) as PooledStack;
  let released = false;
  const notHere = (what: string) => () => {
    throw new Error(`${what} is not for a shared stack: start one with startStack({ processGroup: true })`);
  };
  return {
    ...stack,
    shared: true,
    stop: async () => {
      if (released) return;
      released = true;
      await fetch(`${pool}/release`, { method: 'POST', body: JSON.stringify({ id }) });
    },
    kill: () => Promise.reject(new Error('kill() is not for a shared stack')),
    pause: notHere('pause()'),
    resume: notHere('resume()'),
  };
}
