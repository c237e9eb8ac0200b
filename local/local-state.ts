import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readJsonObjectFile, writeFileDurablySync } from './durable-file';

/**
 * For the command-line helpers (`local:token`, `operator`): what `npm start` left in its state file — the user
 * pool client, the seeded operator and where the running stack listens — and signing in against it.
 */

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DEFAULT_DATA_DIRECTORY = join(PROJECT_ROOT, 'local', '.data');

/** The seeded support operator (see bootstrap.ts). */
export interface OperatorCredentials {
  readonly email: string;
  readonly password: string;
}

/**
 * `stack.json`, beside the emulators' data: the code HMAC key, the ids of the user pool, the local operator's
 * credentials, and where the last `npm start` listened.
 */
export interface PersistedState {
  codeSecret: string;
  userPool?: { readonly userPoolId: string; readonly clientId: string };
  operator?: OperatorCredentials;
  endpoints?: { api: string; cognito: string; stepFunctions: string; mailbox: string; dynamodb: string };
  /** The day the demo inventory's support end dates are spread around (its first seeding), `YYYY-MM-DD`. */
  demoInventoryDay?: string;
}

export function stateFileOf(dataDirectory: string): string {
  return join(dataDirectory, 'stack.json');
}

/** The state of a data folder; a new one gets a fresh code HMAC key. */
export function loadState(dataDirectory: string): PersistedState {
  const file = stateFileOf(dataDirectory);
  if (existsSync(file)) return readJsonObjectFile(file) as unknown as PersistedState;
  return { codeSecret: randomBytes(32).toString('hex') };
}

/**
 * Only the owner may read it: it holds the code key and the operator's password. Written durably (a kill
 * mid-write leaves the previous content), since losing the code key would void every code in flight.
 */
export function saveState(dataDirectory: string, state: PersistedState): void {
  writeFileDurablySync(stateFileOf(dataDirectory), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

export class LocalStackNotFound extends Error {}

export function readLocalState(
  dataDirectory = process.env.PORTICO_DATA_DIR ?? DEFAULT_DATA_DIRECTORY,
): PersistedState {
  const file = stateFileOf(dataDirectory);
  if (!existsSync(file))
    throw new LocalStackNotFound(`No local stack found in ${dataDirectory}: run \`npm start\` first.`);
  return readJsonObjectFile(file) as unknown as PersistedState;
}

/** cognito-local's address: PORTICO_COGNITO_PORT, else where the last `npm start` put it, else 9229. */
export function cognitoEndpointOf(state: PersistedState): string {
  if (process.env.PORTICO_COGNITO_PORT) return `http://127.0.0.1:${process.env.PORTICO_COGNITO_PORT}`;
  return state.endpoints?.cognito ?? 'http://127.0.0.1:9229';
}

/** The API's address: PORTICO_API_PORT, else where the last `npm start` put it, else 3000. */
export function apiUrlOf(state: PersistedState): string {
  if (process.env.PORTICO_API_PORT) return `http://127.0.0.1:${process.env.PORTICO_API_PORT}`;
  return state.endpoints?.api ?? 'http://127.0.0.1:3000';
}

/** USER_PASSWORD_AUTH against the local user pool, as the web client does; answers the ID token. */
export async function signInLocally(state: PersistedState, email: string, password: string): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: cognitoEndpointOf(state),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    const result = await cognito.send(
      new InitiateAuthCommand({
        ClientId: state.userPool?.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const token = result.AuthenticationResult?.IdToken;
    if (!token) throw new Error('the user pool answered no ID token');
    return token;
  } finally {
    cognito.destroy();
  }
}
