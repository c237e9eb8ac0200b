import {
  InitiateAuthCommand,
  NotAuthorizedException,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  expectStatus,
  mailbox,
  PASSWORD,
  person,
  removeData,
  signIn,
  startStack,
  verifiedPerson,
  type RunningStack,
} from './local-stack';

/**
 * A person's account after the first access, over HTTP on the local stack (docs/account.md). Codes may be sent
 * back to back here (CODE_RESEND_INTERVAL_SECONDS=0), so one address can sign up and then ask for a reset.
 */

const NEW_PASSWORD = 'Another-Horse-Battery-7!';

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let sequence = 0;
const fresh = (label: string) => `${label}${Date.now()}.${(sequence += 1)}@acme.example`;

beforeAll(async () => {
  stack = await startStack({ env: { CODE_RESEND_INTERVAL_SECONDS: '0' }, args: ['--demo-products', '0'] });
  api = apiClient(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

/** A full Cognito session (the refresh token included), as the web client keeps it. */
async function session(email: string, password: string): Promise<AuthenticationResultType> {
  const result = await awsClients(stack).cognito.send(
    new InitiateAuthCommand({
      ClientId: stack.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  if (!result.AuthenticationResult?.RefreshToken) throw new Error('no refresh token');
  return result.AuthenticationResult;
}

async function refreshes(refreshToken: string): Promise<boolean> {
  try {
    await awsClients(stack).cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof NotAuthorizedException) return false;
    throw error;
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe('forgot password and reset', () => {
  it('answers the same 202, in the same time, for an address with an account and one without', async () => {
    const known = fresh('forgot.');
    await verifiedPerson(stack, known);
    const unknown = fresh('nobody.');

    const forKnown = await timed(() => api('POST', '/v1/password/forgot', { body: { email: known } }));
    const forUnknown = await timed(() => api('POST', '/v1/password/forgot', { body: { email: unknown } }));

    expect(forKnown.value.status).toBe(202);
    expect(forUnknown.value.status).toBe(202);
    expect(forKnown.value.body).toEqual(forUnknown.value.body);
    expect(Math.abs(forKnown.ms - forUnknown.ms)).toBeLessThan(150);
    expect(await mailbox(stack).latestCode(known, 'password reset')).toMatch(/^\d{6}$/);
    expect(await mailbox(stack).emailsTo(unknown)).toEqual([]);
  });

  it('sets the new password, ends every session and emails a notice', async () => {
    const email = fresh('reset.');
    await verifiedPerson(stack, email);
    const before = await session(email, PASSWORD);
    expectStatus(await api('POST', '/v1/password/forgot', { body: { email } }), 202);
    const code = await mailbox(stack).latestCode(email, 'password reset');

    const reset = await api('POST', '/v1/password/reset', {
      body: { email, code, password: NEW_PASSWORD },
      headers: { 'Idempotency-Key': `reset-${email}` },
    });

    expect(expectStatus(reset, 200).status).toBe('PASSWORD_RESET');
    expect(await refreshes(before.RefreshToken ?? '')).toBe(false);
    await expect(signIn(stack, email, PASSWORD)).rejects.toThrow();
    expect(await signIn(stack, email, NEW_PASSWORD)).toMatch(/^ey/);
    const subjects = (await mailbox(stack).emailsTo(email)).map((message) => message.subject);
    expect(subjects.at(-1)).toBe('Your Portico password was changed');
    // The code is used up; the same request under its key gets the first answer again.
    const again = await api('POST', '/v1/password/reset', {
      body: { email, code, password: 'Third-Horse-Battery-8!' },
    });
    expect(again.body.type).toBe('/problems/code-expired');
    const replay = await api('POST', '/v1/password/reset', {
      body: { email, code, password: NEW_PASSWORD },
      headers: { 'Idempotency-Key': `reset-${email}` },
    });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('verifies an address that was never verified', async () => {
    const email = fresh('unverified.');
    expectStatus(await api('POST', '/v1/signup', { body: person(email) }), 202);
    expectStatus(await api('POST', '/v1/password/forgot', { body: { email } }), 202);
    const code = await mailbox(stack).latestCode(email, 'password reset');

    expectStatus(
      await api('POST', '/v1/password/reset', { body: { email, code, password: NEW_PASSWORD } }),
      200,
    );

    const token = await signIn(stack, email, NEW_PASSWORD);
    const me = expectStatus(await api('GET', '/v1/me', { token }), 200);
    expect(me).toMatchObject({ emailVerified: true, state: 'CHOOSE_ACCESS_TYPE' });
  });

  it('refuses a password the pool would refuse, naming the field, before the code is tried', async () => {
    const answer = await api('POST', '/v1/password/reset', {
      body: { email: fresh('weak.'), code: '123456', password: 'short' },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: '/password' })]),
    );
  });
});

describe('change password and sign out everywhere', () => {
  it('changes the password after checking the current one, and signs every session out', async () => {
    const email = fresh('change.');
    const token = await verifiedPerson(stack, email);
    const other = await session(email, PASSWORD);

    const wrong = await api('POST', '/v1/me/password', {
      token,
      body: { currentPassword: 'Not-The-Password-1!', newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ pointer: '/currentPassword' })]);
    expect(await refreshes(other.RefreshToken ?? '')).toBe(true);

    const changed = await api('POST', '/v1/me/password', {
      token,
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      headers: { 'Idempotency-Key': `change-${email}` },
    });

    expect(expectStatus(changed, 200).status).toBe('PASSWORD_CHANGED');
    expect(await refreshes(other.RefreshToken ?? '')).toBe(false);
    expect(await signIn(stack, email, NEW_PASSWORD)).toMatch(/^ey/);
    const subjects = (await mailbox(stack).emailsTo(email)).map((message) => message.subject);
    expect(subjects.at(-1)).toBe('Your Portico password was changed');
  });

  it('locks further tries out after five wrong current passwords', async () => {
    const email = fresh('lockout.');
    const token = await verifiedPerson(stack, email);
    const attempt = (currentPassword: string) =>
      api('POST', '/v1/me/password', { token, body: { currentPassword, newPassword: NEW_PASSWORD } });

    for (let i = 0; i < 5; i += 1) expect((await attempt('Not-The-Password-1!')).status).toBe(400);
    const locked = await attempt(PASSWORD);

    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
  });

  it('signs every session out: refresh tokens stop working', async () => {
    const email = fresh('everywhere.');
    const token = await verifiedPerson(stack, email);
    const laptop = await session(email, PASSWORD);
    const phone = await session(email, PASSWORD);

    expect(expectStatus(await api('POST', '/v1/me/sign-out-everywhere', { token }), 200).status).toBe(
      'SIGNED_OUT',
    );

    expect(await refreshes(laptop.RefreshToken ?? '')).toBe(false);
    expect(await refreshes(phone.RefreshToken ?? '')).toBe(false);
    expect(await signIn(stack, email, PASSWORD)).toMatch(/^ey/);
  });
});

describe('export my data', () => {
  it('answers a JSON document of what Portico stores about the caller, as a download', async () => {
    const email = fresh('export.');
    const token = await verifiedPerson(stack, email);

    const answer = await api('GET', '/v1/me/export', { token });

    const document = expectStatus(answer, 200);
    expect(answer.headers.get('content-disposition')).toContain('attachment');
    expect(document.account).toMatchObject({ email, firstName: 'Dana', state: 'CHOOSE_ACCESS_TYPE' });
    expect(document.emailCodes).toMatchObject({ email, sentAt: [expect.any(String)] });
    expect(document.membership).toBeNull();
  });
});

describe('change of email address and deletion', () => {
  it('moves the sign-in to the new address with the code, then erases the account; the address can sign up again', async () => {
    const email = fresh('mover.');
    const newEmail = fresh('moved.');
    await verifiedPerson(stack, email);
    const token = await signIn(stack, email, PASSWORD);
    const old = await session(email, PASSWORD);

    const asked = await api('POST', '/v1/me/email', {
      token,
      body: { newEmail, currentPassword: PASSWORD },
    });
    expect(expectStatus(asked, 202)).toMatchObject({ status: 'CODE_SENT', newEmail });
    const code = await mailbox(stack).latestCode(newEmail, 'email change');
    const confirmed = await api('POST', '/v1/me/email/confirm', { token, body: { newEmail, code } });
    expect(expectStatus(confirmed, 200)).toMatchObject({
      status: 'EMAIL_CHANGED',
      account: { email: newEmail },
    });

    expect(await refreshes(old.RefreshToken ?? '')).toBe(false);
    await expect(signIn(stack, email, PASSWORD)).rejects.toThrow();
    const moved = await signIn(stack, newEmail, PASSWORD);
    expect(expectStatus(await api('GET', '/v1/me', { token: moved }), 200).email).toBe(newEmail);
    const subjects = (await mailbox(stack).emailsTo(email)).map((message) => message.subject);
    expect(subjects).toContain('Your Portico email address was changed');

    const wrong = await api('POST', '/v1/me/delete', {
      token: moved,
      body: { currentPassword: 'Wrong-Horse-00!' },
    });
    expectStatus(wrong, 400);
    const deleted = await api('POST', '/v1/me/delete', { token: moved, body: { currentPassword: PASSWORD } });
    expect(expectStatus(deleted, 200).status).toBe('ACCOUNT_DELETED');
    await expect(signIn(stack, newEmail, PASSWORD)).rejects.toThrow();
    expectStatus(await api('GET', '/v1/me', { token: moved }), 404);
    const last = (await mailbox(stack).emailsTo(newEmail)).at(-1);
    expect(last?.subject).toBe('Your Portico account was deleted');

    expectStatus(await api('POST', '/v1/signup', { body: person(newEmail) }), 202);
  });

  it('refuses an address another account has (409)', async () => {
    const email = fresh('stayer.');
    const other = fresh('holder.');
    await verifiedPerson(stack, email);
    await verifiedPerson(stack, other);
    const token = await signIn(stack, email, PASSWORD);

    const answer = await api('POST', '/v1/me/email', {
      token,
      body: { newEmail: other, currentPassword: PASSWORD },
    });

    expect(expectStatus(answer, 409).type).toBe('/problems/email-address-taken');
  });
});
