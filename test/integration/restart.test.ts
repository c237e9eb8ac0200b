import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  mailbox,
  PASSWORD,
  person,
  removeData,
  signIn,
  startStack,
  type RunningStack,
} from './local-stack';

/** `npm start` keeps data on disk: stopping and starting the stack loses no account, code or state. */

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function readlinkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return ''; // gone, or not ours to read
  }
}

let stack: RunningStack | undefined;

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('restarting the local stack', () => {
  it('keeps accounts, verification and onboarding state', async () => {
    stack = await startStack();
    const email = `restart${Date.now()}@acme.example`;
    let api = apiClient(stack);
    await api('POST', '/v1/signup', { body: person(email) });
    const code = await mailbox(stack).latestCode(email);
    await stack.stop();

    stack = await startStack({ dataDirectory: stack.dataDirectory });
    api = apiClient(stack);
    expect((await api('POST', '/v1/signup/verify', { body: { email, code } })).status).toBe(200);
    const token = await signIn(stack, email, PASSWORD);
    await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
    await stack.stop();

    stack = await startStack({ dataDirectory: stack.dataDirectory });
    api = apiClient(stack);
    const again = await signIn(stack, email, PASSWORD);
    expect((await api('GET', '/v1/me', { token: again })).body).toMatchObject({
      state: 'REGISTER_BUSINESS',
      email,
    });
  });

  it('takes its emulators down with it when its process dies of an uncaught error', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'portico-crash-'));
    const emulatorsOf = () =>
      execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => {
          const pid = line.split(' ')[0];
          // DynamoDB Local names the folder in its arguments; cognito-local runs in it.
          const cwd = pid ? readlinkOrEmpty(`/proc/${pid}/cwd`) : '';
          return line.includes(folder) || cwd.startsWith(folder);
        });

    const crashed = spawnSync(TSX, ['test/integration/fixtures/crash-after-start.ts', folder], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      timeout: 180_000,
    });

    try {
      expect(crashed.stdout).toContain('ready');
      expect(crashed.stderr).toContain('crash after start');
      expect(crashed.status).not.toBe(0);
      await expect.poll(() => emulatorsOf().length, { timeout: 10_000, interval: 100 }).toBe(0);
    } finally {
      // Whatever the outcome, nothing of this test outlives it.
      for (const line of emulatorsOf()) {
        try {
          process.kill(Number(line.split(' ')[0]), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a second start on the ports of the running one, naming them, and the first keeps serving', async () => {
    const running = stack ?? (stack = await startStack());
    const port = (url: string) => new URL(url).port;

    const folder = mkdtempSync(join(tmpdir(), 'portico-refused-'));
    const refused = await startStack({
      dataDirectory: folder,
      args: ['--api-port', port(running.apiUrl), '--s3-port', port(running.s3Endpoint)],
    }).catch((error: unknown) => error);

    const message = String(refused);
    expect(message).toContain('Portico will not start: ports it needs are in use.');
    expect(message).toContain(`${port(running.apiUrl)}, for the API and web client: --api-port`);
    expect(message).toContain(`${port(running.s3Endpoint)}, for S3 (s3rver): --s3-port`);
    expect(message).not.toContain('    at '); // no stack trace
    // Refused before anything started: no emulator of its own (they name its data folder) is left running.
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(processes.split('\n').filter((line) => line.includes(folder))).toEqual([]);
    rmSync(folder, { recursive: true, force: true });
    expect((await apiClient(running)('GET', '/v1/me')).status).toBe(401);
  });
});
