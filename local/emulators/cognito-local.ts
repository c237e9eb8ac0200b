import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitForPort } from './wait-for-port';

/**
 * cognito-local, in its own process: it keeps pools and users under `<dataDirectory>/.cognito` and takes its
 * port (and the issuer of its tokens) from PORT/HOST at load time. It is started through
 * cognito-local-entry.mjs, which adds the AdminUserGlobalSignOut operation it lacks.
 */
export async function startCognitoLocal(options: {
  port: number;
  dataDirectory: string;
}): Promise<ChildProcess> {
  mkdirSync(options.dataDirectory, { recursive: true });
  // cognito-local's own start script, after teaching it AdminUserGlobalSignOut (see the entry module).
  const entry = fileURLToPath(new URL('./cognito-local-entry.mjs', import.meta.url));
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
