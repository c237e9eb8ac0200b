import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { waitForPort } from './wait-for-port';

const require = createRequire(import.meta.url);

/**
 * cognito-local, in its own process: it keeps pools and users under `<dataDirectory>/.cognito` and takes its
 * port (and the issuer of its tokens) from PORT/HOST at load time.
 */
export async function startCognitoLocal(options: {
  port: number;
  dataDirectory: string;
}): Promise<ChildProcess> {
  mkdirSync(options.dataDirectory, { recursive: true });
  const entry = require.resolve('cognito-local/lib/bin/start.js');
  const child = spawn(process.execPath, [entry], {
    cwd: options.dataDirectory,
    env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', NODE_NO_WARNINGS: '1', DEBUG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`cognito-local exited (${code}): ${output.slice(-500)}`))),
  );
  await Promise.race([waitForPort(options.port), exited]);
  return child;
}
