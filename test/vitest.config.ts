import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Three groups, one after the other (sequence.groupOrder), each with the workers it can use. Vitest's default
 * is one worker fewer than the cores: on CI's 2 cores, one test file at a time for the whole run.
 * - Files that need no local stack (unit, handlers, infra, workflow) are CPU-bound in their worker alone: one
 *   worker per core.
 * - Files that start a local stack use about a core each (the stack's own processes included): one at a time
 *   per 2 cores, so no request outlives its function timeout for want of CPU.
 * - The bursts, then the kill test, get the machine to themselves (see below): projects of one group run at the
 *   same time, so the kill test has a group of its own after the bursts'.
 */
const cores = availableParallelism();
const withoutStack = { maxWorkers: cores, sequence: { groupOrder: 0 } };
const withStack = { maxWorkers: Math.max(1, Math.floor(cores / 2)), sequence: { groupOrder: 1 } };
const alone = { maxWorkers: 1, sequence: { groupOrder: 2 } };
const aloneAfterTheBursts = { maxWorkers: 1, sequence: { groupOrder: 3 } };

/**
 * Files that can share a local stack (`sharedStack`) take one from their project's pool, one file at a time:
 * a stack start costs 7–10 s of the run (docs/performance.md, "Shared stacks in the test run").
 */
const STACK_POOL = 'test/support/stack-pool.ts';

/** Separate projects so each layer of the pyramid runs alone: `npm run test:unit`, `test:infra` … */
export default defineConfig({
  test: {
    root,
    // CI also writes a JSON report that test/summary.js turns into one summary line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test/.artifacts/vitest-results.json' },
    // The AWS SDK's Node.js ≥ 22 notice, off as local/node-runtime.ts turns it off for `npm start`.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], ...withoutStack } },
      // Every answer of a route handler is checked against its route's declared schemas (contract-setup.ts).
      {
        extends: true,
        test: {
          name: 'handlers',
          include: ['test/handlers/**/*.test.ts'],
          setupFiles: ['test/handlers/contract-setup.ts'],
          ...withoutStack,
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, ...withoutStack },
      },
      // The review state machine synthesized by CDK, executed by aws-local-stepfunctions over in-memory ports.
      {
        extends: true,
        test: {
          name: 'workflow',
          include: ['test/workflow/**/*.test.ts'],
          testTimeout: 60_000,
          ...withoutStack,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: [STACK_POOL],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          ...withStack,
        },
      },
      // Authorization of every route for every persona, and bursts of concurrent writes, each against its own
      // local stack; slower than the integration tests, hence the longer limits.
      {
        extends: true,
        test: {
          name: 'resilience',
          include: ['test/resilience/**/*.test.ts'],
          exclude: ['test/resilience/concurrency.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          ...withStack,
        },
      },
      // The bursts (150 sign-ups, a crowd registering at once) run after every other project: the local stack
      // serves each burst from one process, and on a 2-core machine shared with the other projects its requests
      // outlived their 10-second function timeout (middy's early timeout, 503) though each was correct. On AWS
      // every invocation has its own CPU; here the burst gets the machine to itself.
      {
        extends: true,
        test: {
          name: 'resilience-burst',
          include: ['test/resilience/concurrency.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          ...alone,
        },
      },
      // kill -9 of the whole local stack mid-burst, then a restart on the same data (test/crash, docs/identity.md
      // "The kill test"): two stack starts and a burst of 20 people, about 40 s alone on 2 cores. After the bursts
      // and never beside them (its burst and its restart want the machine as theirs do).
      {
        extends: true,
        test: {
          name: 'crash',
          include: ['test/crash/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          ...aloneAfterTheBursts,
        },
      },
      // The web client (web/) in Chromium against a local stack: the whole journey, screenshots of each step
      // under test/.artifacts/screenshots. Needs /usr/bin/chromium (fails with a clear message without it).
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [STACK_POOL],
          testTimeout: 150_000,
          hookTimeout: 150_000,
          ...withStack,
        },
      },
    ],
  },
});
