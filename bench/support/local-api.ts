import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The local stack as `npm start` runs it, for the load bench: `local/start.ts` in its own process (node with
 * the tsx loader, so the process measured is the API itself, not a tsx wrapper), on free ports, with a
 * temporary data folder; plus small clients for the API, the mailbox and Cognito sign-in.
 */

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface BenchStack {
  readonly apiUrl: string;
  readonly mailboxUrl: string;
  readonly dynamodbEndpoint: string;
  readonly cognitoEndpoint: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly tableName: string;
  readonly region: string;
  readonly operator: { readonly email: string; readonly password: string };
  readonly dataDirectory: string;
  /** The API process (route table, handlers, the local authorizer and aws-ses-v2-local). */
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startBenchStack(options: {
  readonly env: Readonly<Record<string, string>>;
  readonly demoProducts: number;
}): Promise<BenchStack> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'portico-load-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/start.ts',
      '--json',
      '--data-dir',
      dataDirectory,
      ...['--api-port', '0', '--dynamodb-port', '0', '--cognito-port', '0', '--ses-port', '0'],
      ...['--stepfunctions-port', '0', '--demo-products', String(options.demoProducts)],
      // The scheduled jobs at AWS's pace (the first run is 15 minutes away), so that no job's calls are
      // counted as the API's while the load runs.
      ...['--job-speedup', '1'],
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...options.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  const remove = () => rmSync(dataDirectory, { recursive: true, force: true });
  const ready = await new Promise<Omit<BenchStack, 'dataDirectory' | 'pid' | 'stop'>>((done, reject) => {
    let isReady = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{"ready"')) return;
      isReady = true;
      done((JSON.parse(line) as { ready: Omit<BenchStack, 'dataDirectory' | 'pid' | 'stop'> }).ready);
    });
    child.once('exit', (code) => {
      if (isReady) return;
      remove();
      reject(new Error(`local stack exited (${code}) before it was ready:\n${errors}`));
    });
  });
  child.stdout?.resume();
  return {
    ...ready,
    dataDirectory,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((done) => {
        const finish = () => {
          remove();
          done();
        };
        if (child.exitCode !== null || child.signalCode !== null) return finish();
        child.once('exit', finish);
        child.kill('SIGTERM');
      }),
  };
}

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly ms: number;
}

/** One API call over a kept-alive connection (fetch keeps connections open by default). */
export async function call(
  apiUrl: string,
  method: string,
  path: string,
  options: { readonly body?: unknown; readonly token?: string } = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

/** Throws unless the answer has the expected status. */
export function expectStatus(answer: Answer, status: number, what: string): Answer {
  if (answer.status !== status)
    throw new Error(`${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer;
}

export const BENCH_PASSWORD = 'Correct-Horse-Battery-9';

export function signUpBody(email: string) {
  return { email, password: BENCH_PASSWORD, firstName: 'Load', lastName: 'Bench', country: 'DE' };
}

export const ACME_REGISTRATION = {
  companyName: 'Acme Manufacturing',
  jobTitle: 'Maintenance engineer',
  phone: '+49 89 1234567',
  address: { line1: 'Werkstrasse 1', city: 'Munich', postalCode: '80331' },
  country: 'DE',
};

/** USER_PASSWORD_AUTH against cognito-local, as a client signs in: the ID token. */
export async function signIn(stack: BenchStack, email: string, password = BENCH_PASSWORD): Promise<string> {
  const response = await fetch(stack.cognitoEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack.clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  });
  const answer = (await response.json()) as { AuthenticationResult?: { IdToken?: string } };
  const token = answer.AuthenticationResult?.IdToken;
  if (!token) throw new Error(`sign-in of ${email} failed (${response.status})`);
  return token;
}

/** The claims API Gateway's Cognito authorizer hands on (every claim as a string), from an ID token. */
export function claimsOf(token: string): Record<string, string> {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

interface StoredEmail {
  readonly messageId: string;
  readonly subject: string;
  readonly destination: { readonly to: readonly string[] };
  readonly at: number;
}

/**
 * Codes from the SES emulator's mailbox, read in bulk: one poller asks `/store?since=<seconds>` for the mail
 * of the last seconds only (not the whole mailbox, which grows with every sign-up) while anyone waits, and
 * hands each waiting address its code. So the mailbox is read about every 25 ms, however many people wait.
 */
export class MailboxCodes {
  private readonly waiting = new Map<string, { since: number; resolve: (code: string) => void }>();
  private readonly seen = new Set<string>();
  /** Codes read while nobody waited for them yet (the poll ran for someone else). */
  private readonly unclaimed = new Map<string, string>();
  private polling = false;
  /** Reads of the mailbox so far. */
  public reads = 0;

  constructor(private readonly mailboxUrl: string) {}

  /** The next code emailed to `address` after this call. */
  codeFor(address: string): Promise<string> {
    const known = this.unclaimed.get(address);
    if (known) {
      this.unclaimed.delete(address);
      return Promise.resolve(known);
    }
    return new Promise((resolve, reject) => {
      // The mail was sent before the sign-up answered, so look a few seconds back.
      const since = Math.floor(Date.now() / 1000) - 5;
      const timer = setTimeout(() => {
        this.waiting.delete(address);
        reject(new Error(`no code was emailed to ${address} within 30 s`));
      }, 30_000);
      this.waiting.set(address, {
        since,
        resolve: (code) => {
          clearTimeout(timer);
          resolve(code);
        },
      });
      if (!this.polling) void this.poll();
    });
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.waiting.size > 0) {
        const since = Math.min(...[...this.waiting.values()].map((waiter) => waiter.since));
        const response = await fetch(`${this.mailboxUrl}/store?since=${since}`);
        this.reads += 1;
        const { emails } = (await response.json()) as { emails: StoredEmail[] };
        for (const email of emails) {
          if (this.seen.has(email.messageId)) continue;
          this.seen.add(email.messageId);
          const code = /verification code: (\d{6})/.exec(email.subject)?.[1];
          for (const to of email.destination.to) {
            const waiter = this.waiting.get(to);
            if (!code) continue;
            if (waiter) {
              this.waiting.delete(to);
              waiter.resolve(code);
            } else {
              this.unclaimed.set(to, code);
            }
          }
        }
        await new Promise((done) => setTimeout(done, 25));
      }
    } finally {
      this.polling = false;
    }
  }
}
