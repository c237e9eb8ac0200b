import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AliasExistsException,
  ListUsersCommand,
  NotAuthorizedException,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  expectStatus,
  mailbox,
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

describe('an email address another user holds (AliasExistsException)', () => {
  const emailOf = async (username: string) => {
    const user = await awsClients(stack).cognito.send(
      new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: username }),
    );
    return user.UserAttributes?.find((attribute) => attribute.Name === 'email')?.Value;
  };
  const subOf = async (email: string) => {
    const { Users } = await awsClients(stack).cognito.send(
      new ListUsersCommand({ UserPoolId: stack.userPoolId, Filter: `email = "${email}"` }),
    );
    const sub = Users?.[0]?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
    if (!sub) throw new Error(`no user has ${email}`);
    return sub;
  };

  it('refuses AdminUpdateUserAttributes giving a user the address of another, in any letter case, as Cognito does', async () => {
    const holder = `alias.holder.${run}@acme.example`;
    const mover = `alias.mover.${run}@acme.example`;
    await verifiedPerson(stack, holder);
    await verifiedPerson(stack, mover);
    const moverSub = await subOf(mover);
    const { cognito } = awsClients(stack);
    const update = (email: string) =>
      cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: stack.userPoolId,
          Username: moverSub,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );

    for (const taken of [holder, holder.toUpperCase()]) {
      const refused = await update(taken).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AliasExistsException);
      expect((refused as Error).message).toBe('An account with the given email already exists.');
    }

    // Nothing changed: each still has their own address and signs in with it.
    expect(await emailOf(moverSub)).toBe(mover);
    expect(await emailOf(await subOf(holder))).toBe(holder);
    await expect(signIn(stack, holder, PASSWORD)).resolves.toEqual(expect.any(String));
    await expect(signIn(stack, mover, PASSWORD)).resolves.toEqual(expect.any(String));
    // A user's own address is no one else's: accepted.
    await expect(update(mover)).resolves.toBeDefined();
  });

  it('an email change whose new address another user took after the code was sent: 409 email-address-taken, nothing changed', async () => {
    const email = `alias.changer.${run}@acme.example`;
    const wanted = `alias.wanted.${run}@acme.example`;
    await verifiedPerson(stack, email);
    const token = await signIn(stack, email, PASSWORD);
    const api = apiClient(stack);
    expectStatus(
      await api('POST', '/v1/me/email', { token, body: { newEmail: wanted, currentPassword: PASSWORD } }),
      202,
    );
    const code = await mailbox(stack).latestCode(wanted, 'email change');
    // Meanwhile somebody else gets the address in the pool.
    await awsClients(stack).cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.userPoolId,
        Username: wanted,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: wanted },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );

    const refused = await api('POST', '/v1/me/email/confirm', { token, body: { newEmail: wanted, code } });

    expect(expectStatus(refused, 409).type).toBe('/problems/email-address-taken');
    expect(expectStatus(await api('GET', '/v1/me', { token }), 200).email).toBe(email);
    await expect(signIn(stack, email, PASSWORD)).resolves.toEqual(expect.any(String));
    expect(await emailOf(await subOf(email))).toBe(email);
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
