import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, InvalidCodeError, ServiceUnavailableError } from '../../../../functions/core/errors';
import { signUp } from '../../../../functions/core/use-cases/sign-up';
import { verifyEmail } from '../../../../functions/core/use-cases/verify-email';
import { codeIn, fakeWorld, type FakeWorld } from '../../fakes';

const EMAIL = 'ada@acme.example';

let world: FakeWorld;
let code: string;

/** A code other than the right one. */
function wrong(right: string): string {
  return right === '000000' ? '000001' : '000000';
}

const ADA = {
  email: EMAIL,
  password: 'Correct-Horse-42',
  firstName: 'Ada',
  lastName: 'Lovelace',
  country: 'GB',
};

beforeEach(async () => {
  world = fakeWorld();
  await signUp(world.deps, ADA);
  code = codeIn(world.mailer.lastSentTo(EMAIL));
});

function userId(): string {
  return world.identity.user(EMAIL)?.userId ?? '';
}

describe('verifyEmail with the right code', () => {
  it('verifies the identity user and moves the account to CHOOSE_ACCESS_TYPE', async () => {
    const result = await verifyEmail(world.deps, { email: EMAIL, code });

    expect(result).toEqual({
      email: EMAIL,
      emailVerified: true,
      state: 'CHOOSE_ACCESS_TYPE',
      accessLevel: 'LIMITED',
      nextStep: expect.objectContaining({ step: 'CHOOSE_ACCESS_TYPE', path: '/v1/me/access-type' }),
    });
    expect(world.identity.user(EMAIL)?.emailVerified).toBe(true);
    expect(world.accounts.storedAccount(userId())).toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
      revision: 2,
    });
  });

  it('moves the account with one write and leaves the code item as it was after the try', async () => {
    const before = world.accounts.storedCodeState(EMAIL);

    await verifyEmail(world.deps, { email: EMAIL, code });

    // Not used up: the item stays as the send log and throttle until its TTL, its one try counted.
    expect(world.accounts.storedCodeState(EMAIL)).toEqual({ ...before, attempts: 1 });
  });

  it('answers the same code sent again after success with 200 and the view, changing nothing', async () => {
    await verifyEmail(world.deps, { email: EMAIL, code });
    const account = world.accounts.storedAccount(userId());

    const again = await verifyEmail(world.deps, { email: EMAIL, code });

    expect(again).toEqual({
      email: EMAIL,
      emailVerified: true,
      state: 'CHOOSE_ACCESS_TYPE',
      accessLevel: 'LIMITED',
      nextStep: expect.objectContaining({ step: 'CHOOSE_ACCESS_TYPE' }),
    });
    expect(world.accounts.storedAccount(userId())).toEqual(account);
  });

  it('cannot move an account that has gone further: a repeat answers where the account stands', async () => {
    await verifyEmail(world.deps, { email: EMAIL, code });
    const account = world.accounts.storedAccount(userId());
    if (!account) throw new Error('no account');
    world.accounts.seedAccount({ ...account, state: 'REGISTER_BUSINESS', accessType: 'CUSTOMER_EMPLOYEE' });

    const again = await verifyEmail(world.deps, { email: EMAIL, code });

    expect(again).toMatchObject({ state: 'REGISTER_BUSINESS', nextStep: { path: '/v1/me/registration' } });
    expect(world.accounts.storedAccount(userId())).toMatchObject({
      state: 'REGISTER_BUSINESS',
      revision: account.revision,
    });
  });

  it('still counts every try after success: the left code allows no more than five in all', async () => {
    await verifyEmail(world.deps, { email: EMAIL, code });
    for (let i = 0; i < 4; i += 1) {
      await verifyEmail(world.deps, { email: EMAIL, code: wrong(code) }).catch(() => undefined);
    }

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).rejects.toMatchObject({
      type: 'code-attempts-exhausted',
    });
    expect(world.accounts.storedCodeState(EMAIL)?.attempts).toBe(5);
  });

  it('refuses the left code with code-expired once its validity has passed', async () => {
    await verifyEmail(world.deps, { email: EMAIL, code });
    world.clock.advanceSeconds(600);

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).rejects.toMatchObject({
      status: 400,
      type: 'code-expired',
    });
  });

  it('answers two right tries made at once with 200 each, moving the account once', async () => {
    const [first, second] = await Promise.all([
      verifyEmail(world.deps, { email: EMAIL, code }),
      verifyEmail(world.deps, { email: EMAIL, code }),
    ]);

    expect(first.state).toBe('CHOOSE_ACCESS_TYPE');
    expect(second.state).toBe('CHOOSE_ACCESS_TYPE');
    expect(world.accounts.storedAccount(userId())?.revision).toBe(2);
  });

  it('accepts the address in any letter case', async () => {
    await expect(verifyEmail(world.deps, { email: ' ADA@Acme.Example ', code })).resolves.toMatchObject({
      email: EMAIL,
    });
  });

  it('accepts the code on the last try', async () => {
    for (let i = 0; i < 4; i += 1) {
      await verifyEmail(world.deps, { email: EMAIL, code: wrong(code) }).catch(() => undefined);
    }

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).resolves.toMatchObject({
      emailVerified: true,
    });
  });
});

describe('verifyEmail with a wrong code', () => {
  it('refuses with invalid-code and the tries left', async () => {
    const attempt = verifyEmail(world.deps, { email: EMAIL, code: wrong(code) });

    await expect(attempt).rejects.toBeInstanceOf(InvalidCodeError);
    await expect(attempt).rejects.toMatchObject({
      status: 400,
      type: 'invalid-code',
      extensions: { attemptsRemaining: 4 },
      message: 'The code is not correct. 4 tries left.',
    });
  });

  it('counts down the tries and says when none are left', async () => {
    const remaining: unknown[] = [];
    for (let i = 0; i < 5; i += 1) {
      const error = await verifyEmail(world.deps, { email: EMAIL, code: wrong(code) }).catch(
        (e: unknown) => e,
      );
      remaining.push((error as InvalidCodeError).extensions.attemptsRemaining);
    }

    expect(remaining).toEqual([4, 3, 2, 1, 0]);
  });

  it('refuses even the right code with code-attempts-exhausted after five wrong ones', async () => {
    for (let i = 0; i < 5; i += 1) {
      await verifyEmail(world.deps, { email: EMAIL, code: wrong(code) }).catch(() => undefined);
    }

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).rejects.toMatchObject({
      status: 400,
      type: 'code-attempts-exhausted',
    });
    expect(world.identity.user(EMAIL)?.emailVerified).toBe(false);
    expect(world.accounts.storedAccount(userId())?.state).toBe('VERIFY_EMAIL');
  });

  it('does not count more than five tries, however many are made', async () => {
    for (let i = 0; i < 8; i += 1) {
      await verifyEmail(world.deps, { email: EMAIL, code: wrong(code) }).catch(() => undefined);
    }

    expect(world.accounts.storedCodeState(EMAIL)?.attempts).toBe(5);
  });

  it('counts every one of several tries made at the same time', async () => {
    const guesses = Array.from({ length: 10 }, () =>
      verifyEmail(world.deps, { email: EMAIL, code: wrong(code) }).catch((e: unknown) => e),
    );

    const errors = (await Promise.all(guesses)) as InvalidCodeError[];

    expect(errors.filter((error) => error.type === 'invalid-code')).toHaveLength(5);
    expect(errors.filter((error) => error.type === 'code-attempts-exhausted')).toHaveLength(5);
  });
});

describe('verifyEmail when the code cannot be tried', () => {
  it('refuses an expired code with code-expired', async () => {
    world.clock.advanceSeconds(600);

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).rejects.toMatchObject({
      status: 400,
      type: 'code-expired',
      message: expect.stringContaining('expired'),
    });
  });

  it('still accepts the code a moment before it expires', async () => {
    world.clock.advanceSeconds(599);

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).resolves.toMatchObject({
      emailVerified: true,
    });
  });

  it('answers an unknown address as "no valid code", like an expired one', async () => {
    await expect(verifyEmail(world.deps, { email: 'nobody@acme.example', code })).rejects.toMatchObject({
      status: 400,
      type: 'code-expired',
      message: expect.stringContaining('no valid code'),
    });
  });
});

describe('verifyEmail when a dependency fails', () => {
  it('answers 503 when the identity provider is unavailable, and the code still works afterwards', async () => {
    world.identity.makeUnavailable('markEmailVerified');

    const attempt = verifyEmail(world.deps, { email: EMAIL, code });

    await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('code still works'),
    });
    expect(world.accounts.storedCodeState(EMAIL)?.attempts).toBe(0);
    expect(world.accounts.storedAccount(userId())?.state).toBe('VERIFY_EMAIL');

    world.identity.recover();
    await expect(verifyEmail(world.deps, { email: EMAIL, code })).resolves.toMatchObject({
      emailVerified: true,
    });
  });

  it('answers 409 verification-conflict when no account waits for the code', async () => {
    world.accounts.seedCodeState({
      ...(world.accounts.storedCodeState(EMAIL) ?? { email: EMAIL, attempts: 0, sentAt: [], version: 1 }),
      userId: 'no-such-user',
    });

    const attempt = verifyEmail(world.deps, { email: EMAIL, code });

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ status: 409, type: 'verification-conflict' });
  });

  it('verifies with the code it tried even when a new sign-up replaced the code meanwhile', async () => {
    // The try is counted against the live code; then, before the account write, the address signs up again.
    const markEmailVerified = world.identity.markEmailVerified.bind(world.identity);
    vi.spyOn(world.identity, 'markEmailVerified').mockImplementationOnce(async (email) => {
      world.clock.advanceSeconds(61);
      await signUp(world.deps, { ...ADA, firstName: 'Augusta' });
      await markEmailVerified(email);
    });

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).resolves.toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
    });
    // The account moved on (the code was right when tried, and Cognito says verified); the new code can move
    // nothing any more, so its repeat answers with the account's view.
    expect(world.accounts.storedAccount(userId())).toMatchObject({ state: 'CHOOSE_ACCESS_TYPE' });
    const newCode = codeIn(world.mailer.lastSentTo(EMAIL));
    await expect(verifyEmail(world.deps, { email: EMAIL, code: newCode })).resolves.toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
    });
  });

  it('gives the try back when the account cannot be saved after verification, so the same code finishes later', async () => {
    const outage = Object.assign(new Error('DynamoDB unavailable'), { $fault: 'server' });
    world.accounts.failNext('completeEmailVerification', outage);

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).rejects.toBe(outage);
    expect(world.accounts.storedCodeState(EMAIL)?.attempts).toBe(0);
    expect(world.accounts.storedAccount(userId())?.state).toBe('VERIFY_EMAIL');

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).resolves.toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
    });
    expect(world.accounts.storedAccount(userId())?.state).toBe('CHOOSE_ACCESS_TYPE');
  });

  it('lets an unexpected store failure through unchanged, for the 500 mapping', async () => {
    const failure = new Error('disk on fire');
    world.accounts.failNext('reserveAttempt', failure);

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).rejects.toBe(failure);
  });
});
