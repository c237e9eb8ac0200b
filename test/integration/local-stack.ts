import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../local/stack';
import { checkAnswer, routeOf } from '../support/contract';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Products of org-acme's demo inventory in a test stack, unless `args` say otherwise. */
export const TEST_DEMO_PRODUCTS = 200;

/** What `local/start.ts --json` describes, plus its data folder and a way to stop it. */
export type RunningStack = Omit<LocalStack, 'stop' | 'seededOrganizations'> & {
  readonly dataDirectory: string;
  stop(): Promise<void>;
  /**
   * `kill -9` of the stack's whole process group (the program, DynamoDB Local, cognito-local), as a crash or an
   * out-of-memory kill would; resolves once every process of the group is gone. Needs `processGroup: true`.
   */
  kill(): Promise<void>;
  /**
   * SIGSTOP / SIGCONT to the stack's whole process group: a paused stack uses no CPU (its scheduled jobs run
   * late, once it resumes). Needs `processGroup: true`. The stack pool pauses the stacks it keeps idle.
   */
  pause(): void;
  resume(): void;
  /** A stack of the run's pool (test/support/stack-pool.ts): stop() gives it back, its folder is the pool's. */
  readonly shared?: boolean;
};

/** What `local/start.ts --json` prints when ready (the running stack without its data folder and controls). */
export type StackDescription = Omit<
  RunningStack,
  'stop' | 'kill' | 'pause' | 'resume' | 'dataDirectory' | 'shared'
>;

/**
 * Starts `local/start.ts` — the same program as `npm start` — in its own process, on free ports, with its own
 * data folder, and waits for its ready line. `env` overrides function settings (e.g. CODE_TTL_SECONDS); `args`
 * adds flags (e.g. `--review-day-seconds 10`, `--demo-products 0`).
 */
export interface StackOptions {
  env?: Record<string, string>;
  dataDirectory?: string;
  args?: readonly string[];
  /** Its own process group, as `npm start` in a terminal has, so that kill() reaches every process. */
  processGroup?: boolean;
}

/** A start that found a port taken: refused before anything started (local/busy-ports.ts), or while listening. */
const LOST_PORT_RACE = /EADDRINUSE|ports? it needs (is|are) in use/;

/**
 * Starts a stack, again when it lost a port race: `--*-port 0` makes the runtime ask the OS for free ports and
 * bind them a moment later, and a stack another test file starts in that moment may take one first
 * (EADDRINUSE). A start that failed so ends like a stop; the next one reuses a caller's data folder as a second
 * `npm start` would.
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStackOnce(options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !LOST_PORT_RACE.test(error.message)) throw error;
    }
  }
}

async function startStackOnce(options: StackOptions): Promise<RunningStack> {
  const dataDirectory = options.dataDirectory ?? mkdtempSync(join(tmpdir(), 'portico-it-'));
  // Node itself with tsx's loader, not the tsx command: that wrapper relays a SIGTERM to the stack and, when the
  // stack does not acknowledge it within about 60 ms (a busy machine, a stack just resumed from a pause), kills
  // it with SIGKILL, leaving its DynamoDB Local and cognito-local running. Here stop() reaches start.ts itself.
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/start.ts',
      '--json',
      '--data-dir',
      dataDirectory,
      '--api-port',
      '0',
      '--dynamodb-port',
      '0',
      '--cognito-port',
      '0',
      '--ses-port',
      '0',
      '--stepfunctions-port',
      '0',
      '--s3-port',
      '0',
      // A small demo inventory keeps start-up quick; a test that wants another size passes its own.
      ...(options.args?.includes('--demo-products') ? [] : ['--demo-products', String(TEST_DEMO_PRODUCTS)]),
      ...(options.args ?? []),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...options.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.processGroup ?? false,
    },
  );
  let errors = '';
  let isReady = false;
  child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const ready = await new Promise<StackDescription>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('{"ready"')) return;
      isReady = true;
      resolveReady((JSON.parse(line) as { ready: StackDescription }).ready);
    });
    child.once('exit', (code) => {
      if (isReady) return;
      // A folder made for a stack that never came up goes with it; a caller's folder is the caller's.
      if (!options.dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
      reject(new Error(`local stack exited (${code}) before it was ready:\n${errors}`));
    });
  });
  const groupOf = (what: string): number => {
    if (!options.processGroup || child.pid === undefined) throw new Error(`${what} needs processGroup: true`);
    return -child.pid;
  };
  const signalGroup = (signal: NodeJS.Signals) => process.kill(groupOf(signal), signal);
  return {
    ...ready,
    dataDirectory,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        // A paused stack would never see the SIGTERM (a group already gone is fine: it has exited).
        if (options.processGroup) {
          try {
            signalGroup('SIGCONT');
          } catch {
            // ESRCH
          }
        }
        child.kill('SIGTERM');
      }),
    pause: () => signalGroup('SIGSTOP'),
    resume: () => signalGroup('SIGCONT'),
    kill: async () => {
      const group = groupOf('kill()');
      process.kill(group, 'SIGKILL');
      for (;;) {
        try {
          process.kill(group, 0);
        } catch {
          return;
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 50));
      }
    },
  };
}

/** Removes the stack's data folder; a shared stack's belongs to the pool, which removes it at the end. */
export function removeData(stack: RunningStack): void {
  if (stack.shared) return;
  rmSync(stack.dataDirectory, { recursive: true, force: true });
}

export interface ApiAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

/** The answer's body when its status is `status`; otherwise a test error naming what came back. */
export function expectStatus(answer: ApiAnswer, status: number): Record<string, unknown> {
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${answer.text}`);
  return answer.body;
}

export function apiClient(stack: RunningStack) {
  return async function call(
    method: string,
    path: string,
    options: {
      body?: unknown;
      rawBody?: string;
      token?: string;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined || options.rawBody !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers,
      ...(options.rawBody !== undefined
        ? { body: options.rawBody }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await response.text();
    // Every answer of a route is what its route module declares (test/support/contract.ts).
    const route = routeOf(method, path);
    if (route) {
      checkAnswer(route, {
        status: response.status,
        contentType: response.headers.get('content-type') ?? undefined,
        text,
      });
    }
    let body: Record<string, unknown>;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      headers: response.headers,
      body,
      text,
    };
  };
}

interface StoredEmail {
  readonly subject: string;
  readonly destination: { readonly to: readonly string[] };
  readonly body: { readonly text?: string; readonly html?: string };
}

/** Reads what the SES emulator captured (its /store API, the same data its mailbox page shows). */
export function mailbox(stack: RunningStack) {
  async function emailsTo(address: string): Promise<StoredEmail[]> {
    const response = await fetch(`${stack.mailboxUrl}/store`);
    const store = (await response.json()) as { emails: StoredEmail[] };
    return store.emails.filter((email) => email.destination.to.includes(address));
  }
  return {
    emailsTo,
    /** The last code of `kind` emailed to `address` (a sign-up's verification code unless told). */
    async latestCode(
      address: string,
      kind: 'verification' | 'password reset' | 'email change' = 'verification',
    ): Promise<string> {
      const subject = new RegExp(`${kind} code: (\\d{6})`);
      const codes = (await emailsTo(address))
        .map((email) => subject.exec(email.subject)?.[1])
        .filter((code): code is string => Boolean(code));
      const code = codes.at(-1);
      if (!code) throw new Error(`no code was emailed to ${address}`);
      return code;
    },
  };
}

export function awsClients(stack: RunningStack) {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  return {
    documents: DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials }),
    ),
    cognito: new CognitoIdentityProviderClient({
      endpoint: stack.cognitoEndpoint,
      region: stack.region,
      credentials,
    }),
    stepFunctions: new SFNClient({
      endpoint: stack.stepFunctionsEndpoint,
      region: stack.region,
      credentials,
    }),
  };
}

/** USER_PASSWORD_AUTH against the local user pool, as a client would; answers the ID token. */
export async function signIn(stack: RunningStack, email: string, password: string): Promise<string> {
  const { cognito } = awsClients(stack);
  const result = await cognito.send(
    new InitiateAuthCommand({
      ClientId: stack.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const token = result.AuthenticationResult?.IdToken;
  if (!token) throw new Error('sign-in returned no ID token');
  return token;
}

export const PASSWORD = 'Correct-Horse-Battery-9';

/**
 * Signs `email` up, enters the emailed code and signs in, checking each answer; answers the ID token.
 * `profile` overrides the sign-up body's names and country.
 */
export async function verifiedPerson(
  stack: RunningStack,
  email: string,
  profile: Partial<Omit<ReturnType<typeof person>, 'email' | 'password'>> = {},
): Promise<string> {
  const api = apiClient(stack);
  const signUp = await api('POST', '/v1/signup', { body: { ...person(email), ...profile } });
  if (signUp.status !== 202) throw new Error(`sign-up of ${email} answered ${signUp.status}: ${signUp.text}`);
  const code = await mailbox(stack).latestCode(email);
  const verified = await api('POST', '/v1/signup/verify', { body: { email, code } });
  if (verified.status !== 200)
    throw new Error(`verification of ${email} answered ${verified.status}: ${verified.text}`);
  return signIn(stack, email, PASSWORD);
}

export function person(email: string) {
  return { email, password: PASSWORD, firstName: 'Dana', lastName: 'Scully', country: 'DE' };
}

export const REGISTRATION = {
  companyName: 'Acme Manufacturing',
  jobTitle: 'Maintenance engineer',
  phone: '+49 89 1234567',
  address: { line1: 'Werkstrasse 1', city: 'Munich', postalCode: '80331' },
  country: 'DE',
};
