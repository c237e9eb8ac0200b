import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createCognitoClient, createDynamoDocumentClient } from '../functions/core/adapters/aws-clients';
import { DynamoOrganizationDirectory } from '../functions/core/adapters/dynamodb/organization.directory';
import type { FunctionEnvironment } from '../functions/core/config';
import { routeList } from '../functions/routes';
import { startApiServer } from './api-server';
import { cognitoAuthorizer } from './authorizer';
import { ensureTable, ensureUserPool, type UserPoolIds } from './bootstrap';
import { startCognitoLocal } from './emulators/cognito-local';
import { startDynamoDbLocal } from './emulators/dynamodb-local';
import { startSesLocal } from './emulators/ses-local';
import { freePort } from './emulators/wait-for-port';
import { seedDemoData } from './seed';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DEFAULT_DATA_DIRECTORY = join(PROJECT_ROOT, 'local', '.data');
export const LOCAL_TABLE_NAME = 'portico-local';
const LOCAL_REGION = 'us-east-1';

export interface LocalStackOptions {
  /** Where DynamoDB Local and cognito-local keep their data; `local/.data` by default (git-ignored). */
  readonly dataDirectory?: string;
  /** 0 picks a free port. */
  readonly ports?: Partial<Record<'api' | 'dynamodb' | 'cognito' | 'ses', number>>;
  readonly onRequest?: (entry: { method: string; path: string; status: number; ms: number }) => void;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly mailboxUrl: string;
  readonly dynamodbEndpoint: string;
  readonly cognitoEndpoint: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly tableName: string;
  readonly region: string;
  readonly seededOrganizations: number;
  stop(): Promise<void>;
}

/** Survives restarts beside the emulators' data: the code HMAC key and the ids of the user pool. */
interface PersistedState {
  codeSecret: string;
  userPool?: UserPoolIds;
}

function loadState(file: string): PersistedState {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
  return { codeSecret: randomBytes(32).toString('hex') };
}

async function portFor(value: number | undefined, fallback: number): Promise<number> {
  if (value === 0) return freePort();
  return value ?? fallback;
}

/**
 * Brings the whole system up on one machine: DynamoDB Local, cognito-local and aws-ses-v2-local, the table
 * and user pool (created when missing), the demo organizations, and the route table served on HTTP.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDirectory = resolve(options.dataDirectory ?? DEFAULT_DATA_DIRECTORY);
  mkdirSync(dataDirectory, { recursive: true });
  const stateFile = join(dataDirectory, 'stack.json');
  const state = loadState(stateFile);
  const ports = {
    api: await portFor(options.ports?.api, 3000),
    dynamodb: await portFor(options.ports?.dynamodb, 8000),
    cognito: await portFor(options.ports?.cognito, 9229),
    ses: await portFor(options.ports?.ses, 8005),
  };
  const endpoints = {
    dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
    cognito: `http://127.0.0.1:${ports.cognito}`,
    ses: `http://127.0.0.1:${ports.ses}`,
  };

  // The handlers and the bootstrap below find the emulators through the SDK's own endpoint variables.
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  const children: ChildProcess[] = [];
  const servers: Server[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      ),
    );
  };

  try {
    const [dynamodbProcess, cognitoProcess, sesServer] = await Promise.all([
      startDynamoDbLocal({ port: ports.dynamodb, dataDirectory: join(dataDirectory, 'dynamodb') }),
      startCognitoLocal({ port: ports.cognito, dataDirectory: join(dataDirectory, 'cognito') }),
      startSesLocal({ port: ports.ses }),
    ]);
    children.push(dynamodbProcess, cognitoProcess);
    servers.push(sesServer);

    await ensureTable(new DynamoDBClient({}), LOCAL_TABLE_NAME);
    const userPool = await ensureUserPool(createCognitoClient(), state.userPool);
    state.userPool = { userPoolId: userPool.userPoolId, clientId: userPool.clientId };
    writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    const seededOrganizations = await seedDemoData(
      new DynamoOrganizationDirectory(createDynamoDocumentClient(), LOCAL_TABLE_NAME),
    );

    const functionEnvironment: FunctionEnvironment = {
      TABLE_NAME: LOCAL_TABLE_NAME,
      USER_POOL_ID: userPool.userPoolId,
      MAIL_FROM_ADDRESS: 'no-reply@portico.example',
      PORTAL_URL: process.env.PORTAL_URL ?? `http://localhost:${ports.api}`,
      CODE_SECRET: state.codeSecret,
    };
    Object.assign(process.env, functionEnvironment);
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

    const { server: apiServer, url: apiUrl } = await startApiServer({
      port: ports.api,
      routes: routeList,
      projectRoot: PROJECT_ROOT,
      authorizer: cognitoAuthorizer({
        issuer: `${endpoints.cognito}/${userPool.userPoolId}`,
        clientIds: [userPool.clientId],
      }),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    });
    servers.push(apiServer);

    return {
      apiUrl,
      mailboxUrl: endpoints.ses,
      dynamodbEndpoint: endpoints.dynamodb,
      cognitoEndpoint: endpoints.cognito,
      userPoolId: userPool.userPoolId,
      clientId: userPool.clientId,
      tableName: LOCAL_TABLE_NAME,
      region: LOCAL_REGION,
      seededOrganizations,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
