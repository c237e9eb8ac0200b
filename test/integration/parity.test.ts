import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  ListUsersCommand,
  NotAuthorizedException,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  expectStatus,
  PASSWORD,
  removeData,
  signIn,
  startStack,
  verifiedPerson,
  type RunningStack,
} from './local-stack';

/**
 * Local parity (docs/identity.md): where the emulators differ from AWS in ways Portico depends on, `npm start`
 * behaves as AWS does. One test per behaviour; and the start that refuses a data folder it cannot read.
 */

let stack: RunningStack;
const run = Date.now().toString(36);

beforeAll(async () => {
  stack = await startStack({ args: ['--demo-products', '0'] });
});
afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('local parity with AWS', () => {
  it('signs in with the address in another letter case (signInCaseSensitive: false)', async () => {
    await verifiedPerson(stack, `dana.smith.${run}@acme.example`);

    const token = await signIn(stack, `Dana.Smith.${run}@Acme.example`, PASSWORD);

    const me = expectStatus(await apiClient(stack)('GET', '/v1/me', { token }), 200);
    expect(me.email).toBe(`dana.smith.${run}@acme.example`);
  });

  it('refuses to sign in a disabled user, and signs them in again once enabled', async () => {
    const email = `disabled.${run}@acme.example`;
    await verifiedPerson(stack, email);
    const { cognito } = awsClients(stack);

    await cognito.send(new AdminDisableUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
    const refused = await signIn(stack, email, PASSWORD).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(NotAuthorizedException);
    expect((refused as Error).message).toBe('User is disabled.');

    await cognito.send(new AdminEnableUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
    await expect(signIn(stack, email, PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('pages ListUsers (Limit up to 60, PaginationToken), every user once', async () => {
    const { cognito } = awsClients(stack);
    for (let n = 0; n < 5; n++) {
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: stack.userPoolId,
          Username: `paged${n}.${run}@acme.example`,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `paged${n}.${run}@acme.example` }],
        }),
      );
    }
    const all = await cognito.send(new ListUsersCommand({ UserPoolId: stack.userPoolId }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await cognito.send(
        new ListUsersCommand({ UserPoolId: stack.userPoolId, Limit: 2, PaginationToken: token }),
      );
      expect(page.Users!.length).toBeLessThanOrEqual(2);
      seen.push(...page.Users!.map((user) => user.Username!));
      token = page.PaginationToken;
      pages++;
    } while (token);

    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(all.Users!.map((user) => user.Username!).sort());
    expect(pages).toBe(Math.ceil(seen.length / 2));
    await expect(
      cognito.send(new ListUsersCommand({ UserPoolId: stack.userPoolId, Limit: 61 })),
    ).rejects.toThrow(/less than or equal to 60/);
  });
});

describe('a data folder npm start cannot read', () => {
  it('is refused with the file and what to do, and left as it was', async () => {
    await stack.stop();
    const db = join(stack.dataDirectory, 'cognito', '.cognito', 'db');
    const poolFile = join(
      db,
      readdirSync(db).find((name) => name.startsWith('local_'))!,
    );
    const whole = readFileSync(poolFile, 'utf8');
    const torn = whole.slice(0, Math.floor(whole.length / 2));
    writeFileSync(poolFile, torn);

    const refused = await startStack({ dataDirectory: stack.dataDirectory }).catch((error: unknown) => error);

    expect(String(refused)).toContain(`Portico will not start: ${poolFile} is unreadable`);
    expect(String(refused)).toContain(`npm run local:reset -- --data-dir ${stack.dataDirectory}`);
    expect(readFileSync(poolFile, 'utf8')).toBe(torn);
  });
});
