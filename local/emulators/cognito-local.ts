import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readJsonObjectFile, UnreadableDataFileError, writeFileDurablySync } from '../durable-file';
import { waitForPort } from './wait-for-port';

const require = createRequire(import.meta.url);

/** The exit status cognito-local-server.ts ends with when one of its data files is unreadable. */
const UNREADABLE_EXIT_CODE = 3;

/** The user pool triggers cognito-local invokes, and the Lambda endpoint it invokes them at. */
export interface CognitoLocalTriggers {
  /** Function name of each trigger, by cognito-local's name for it (`PreTokenGeneration`, …). */
  readonly functions: Readonly<Record<string, string>>;
  /** The Lambda Invoke endpoint (local/lambda-invoke.ts). */
  readonly endpoint: string;
  readonly region: string;
}

/**
 * Names the triggers and their Lambda endpoint in cognito-local's `.cognito/config.json` (`TriggerFunctions`,
 * `LambdaClient`), keeping what else the file holds. Rewritten at every start: the endpoint's port changes.
 * UnreadableDataFileError when the file exists and cannot be read.
 */
export function writeCognitoTriggers(dataDirectory: string, triggers: CognitoLocalTriggers): void {
  const folder = join(dataDirectory, '.cognito');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'config.json');
  const config = existsSync(file) ? readJsonObjectFile(file) : {};
  const merged = {
    ...config,
    TriggerFunctions: { ...(config.TriggerFunctions as object | undefined), ...triggers.functions },
    LambdaClient: {
      ...(config.LambdaClient as object | undefined),
      endpoint: triggers.endpoint,
      region: triggers.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
  };
  writeFileDurablySync(file, `${JSON.stringify(merged, null, 2)}\n`);
}

/**
 * cognito-local, in its own process, run by local/emulators/cognito-local-server.ts (crash-safe data store,
 * case-insensitive sign-in as the CDK pool has): it keeps pools and users under `<dataDirectory>/.cognito` and
 * takes its port (and the issuer of its tokens) from PORT/HOST at load time; its triggers (`triggers`) run
 * behind a Lambda endpoint of the local stack. Rejects with
 * UnreadableDataFileError when one of its files cannot be read.
 */
export async function startCognitoLocal(options: {
  port: number;
  dataDirectory: string;
  /** The triggers to invoke (written into its config before it starts); none when absent. */
  triggers?: CognitoLocalTriggers;
}): Promise<ChildProcess> {
  mkdirSync(options.dataDirectory, { recursive: true });
  if (options.triggers) writeCognitoTriggers(options.dataDirectory, options.triggers);
  const loader = pathToFileURL(require.resolve('tsx')).href;
  const entry = fileURLToPath(new URL('./cognito-local-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', loader, entry], {
    cwd: options.dataDirectory,
    env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', NODE_NO_WARNINGS: '1', DEBUG: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => {
      const unreadable = /UNREADABLE_DATA_FILE (\{.*\})/.exec(output)?.[1];
      if (code === UNREADABLE_EXIT_CODE && unreadable) {
        const { file, reason } = JSON.parse(unreadable) as { file: string; reason: string };
        reject(new UnreadableDataFileError(file, reason));
        return;
      }
      reject(new Error(`cognito-local exited (${code}): ${output.slice(-500)}`));
    }),
  );
  await Promise.race([waitForPort(options.port), exited]);
  return child;
}
