import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../../functions/core/errors';
import { forgotPassword } from '../../../../../functions/core/use-cases/account/forgot-password';
import { resetPassword } from '../../../../../functions/core/use-cases/account/reset-password';
import { resendCode } from '../../../../../functions/core/use-cases/resend-code';
import { verifyEmail } from '../../../../../functions/core/use-cases/verify-email';
import { anAccount } from '../../../fixtures';
import { codeIn, fakeWorld, resetCodeIn, type FakeWorld } from '../../../fakes';

const EMAIL = 'ada@acme.example';
const NEW_PASSWORD = 'Another-Horse-43!';

let world: FakeWorld;

function seedAda(state: 'VERIFY_EMAIL' | 'CHOOSE_ACCESS_TYPE' = 'CHOOSE_ACCESS_TYPE'): string {
  const user = world.identity.addUser({
    email: EMAIL,
    emailVerified: state !== 'VERIFY_EMAIL',
    password: 'Correct-Horse-42',
    firstName: 'Ada',
    lastName: 'Lovelace',
  });
  world.accounts.seedAccount(anAccount({ userId: user.userId, state }));
  return user.userId;
}

async function resetCode(): Promise<string> {
  await forgotPassword(world.deps, { email: EMAIL });
  return resetCodeIn(world.mailer.lastSentTo(EMAIL));
}

async function outcomeOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    const { status, type } = error as { status?: number; type?: string };
    return { status, type };
  }
}

beforeEach(() => {
  world = fakeWorld();
});

describe('forgotPassword', () => {
  it('emails a reset code to an address with an account, greeting the person by name', async () => {
    seedAda();

    await forgotPassword(world.deps, { email: 'Ada@ACME.example' });

    const message = world.mailer.lastSentTo(EMAIL);
    expect(message.subject).toMatch(/^Your Portico password reset code: \d{6}$/);
    expect(message.text).toContain('Hello Ada,');
    expect(world.accounts.storedCodeState(EMAIL)).toMatchObject({ purpose: 'RESET_PASSWORD', attempts: 0 });
  });

  it('sends nothing to an unknown address, or to a user without an account, and answers the same', async () => {
    world.identity.addUser({
      email: 'operator@acme.example',
      emailVerified: true,
      password: 'Op-Password-42!',
      firstName: '',
      lastName: '',
    });

    expect(await outcomeOf(() => forgotPassword(world.deps, { email: 'nobody@acme.example' }))).toBe(
      'accepted',
    );
    expect(await outcomeOf(() => forgotPassword(world.deps, { email: 'operator@acme.example' }))).toBe(
      'accepted',
    );
    expect(world.mailer.sent).toHaveLength(0);
  });

  it('shares the send throttle of every code: a reset right after a verification code is refused', async () => {
    seedAda('VERIFY_EMAIL');
    await resendCode(world.deps, { email: EMAIL });

    expect(await outcomeOf(() => forgotPassword(world.deps, { email: EMAIL }))).toEqual({
      status: 429,
      type: 'too-many-requests',
    });
    // The unknown address is throttled alike.
    await forgotPassword(world.deps, { email: 'nobody@acme.example' });
    expect(await outcomeOf(() => forgotPassword(world.deps, { email: 'nobody@acme.example' }))).toEqual({
      status: 429,
      type: 'too-many-requests',
    });
  });

  it('with SES down answers 503, stores no code and does not count the send', async () => {
    seedAda();
    world.mailer.failNextSends(1);

    expect(await outcomeOf(() => forgotPassword(world.deps, { email: EMAIL }))).toEqual({
      status: 503,
      type: 'service-unavailable',
    });
    expect(world.accounts.storedCodeState(EMAIL)).toBeUndefined();
    await forgotPassword(world.deps, { email: EMAIL });
    expect(world.mailer.sentTo(EMAIL)).toHaveLength(1);
  });
});

describe('resetPassword', () => {
  it('sets the new password, signs every session out, uses the code up and emails a notice', async () => {
    const userId = seedAda();
    const code = await resetCode();

    const answer = await resetPassword(world.deps, { email: EMAIL, code, password: NEW_PASSWORD });

    expect(answer.status).toBe('PASSWORD_RESET');
    expect(world.identity.user(EMAIL)?.password).toBe(NEW_PASSWORD);
    expect(world.identity.signedOut).toEqual([userId]);
    expect(world.mailer.lastSentTo(EMAIL).subject).toBe('Your Portico password was changed');
    expect(world.accounts.storedCodeState(EMAIL)?.codeHash).toBeUndefined();
    expect(
      await outcomeOf(() => resetPassword(world.deps, { email: EMAIL, code, password: 'Third-Horse-44!' })),
    ).toEqual({ status: 400, type: 'code-expired' });
    expect(world.identity.user(EMAIL)?.password).toBe(NEW_PASSWORD);
  });

  it('verifies an unverified account, which moves on as verification would', async () => {
    const userId = seedAda('VERIFY_EMAIL');
    const code = await resetCode();

    await resetPassword(world.deps, { email: EMAIL, code, password: NEW_PASSWORD });

    expect(world.identity.user(EMAIL)?.emailVerified).toBe(true);
    expect(world.accounts.storedAccount(userId)?.state).toBe('CHOOSE_ACCESS_TYPE');
  });

  it('leaves the state of an account that is past verification as it is', async () => {
    const userId = seedAda('CHOOSE_ACCESS_TYPE');
    world.accounts.seedAccount(anAccount({ userId, state: 'ACTIVE', organizationId: 'org-acme' }));
    const code = await resetCode();

    await resetPassword(world.deps, { email: EMAIL, code, password: NEW_PASSWORD });

    expect(world.accounts.storedAccount(userId)?.state).toBe('ACTIVE');
  });

  it('refuses a wrong code with the tries left, counting each try', async () => {
    seedAda();
    const code = await resetCode();
    const wrong = code === '000000' ? '000001' : '000000';

    await expect(
      resetPassword(world.deps, { email: EMAIL, code: wrong, password: NEW_PASSWORD }),
    ).rejects.toMatchObject({ status: 400, type: 'invalid-code', extensions: { attemptsRemaining: 4 } });
    expect(world.identity.user(EMAIL)?.password).toBe('Correct-Horse-42');
  });

  it('does not take a verification code as a reset code, nor a reset code as a verification code', async () => {
    seedAda('VERIFY_EMAIL');
    await resendCode(world.deps, { email: EMAIL });
    const verification = codeIn(world.mailer.lastSentTo(EMAIL));

    expect(
      await outcomeOf(() =>
        resetPassword(world.deps, { email: EMAIL, code: verification, password: NEW_PASSWORD }),
      ),
    ).toEqual({ status: 400, type: 'code-expired' });

    world.clock.advanceSeconds(60);
    const reset = await resetCode();
    expect(await outcomeOf(() => verifyEmail(world.deps, { email: EMAIL, code: reset }))).toEqual({
      status: 400,
      type: 'code-expired',
    });
  });

  it('with Cognito down after a correct code answers 503 and the same code still works', async () => {
    seedAda();
    const code = await resetCode();
    world.identity.makeUnavailable('signOutEverywhere');

    expect(
      await outcomeOf(() => resetPassword(world.deps, { email: EMAIL, code, password: NEW_PASSWORD })),
    ).toEqual({ status: 503, type: 'service-unavailable' });
    expect(world.accounts.storedCodeState(EMAIL)).toMatchObject({ attempts: 0 });

    world.identity.recover();
    await resetPassword(world.deps, { email: EMAIL, code, password: NEW_PASSWORD });
    expect(world.identity.user(EMAIL)?.password).toBe(NEW_PASSWORD);
  });

  it('answers with the password changed even when the notice cannot be sent', async () => {
    seedAda();
    const code = await resetCode();
    world.mailer.failNextSends(1);

    const answer = await resetPassword(world.deps, { email: EMAIL, code, password: NEW_PASSWORD });

    expect(answer.status).toBe('PASSWORD_RESET');
  });

  it('passes a password the pool refuses on as a field problem', async () => {
    seedAda();
    const code = await resetCode();
    const identity = world.identity;
    identity.setPassword = async () => {
      throw new ValidationError('The password does not meet the password policy.', [
        { pointer: '/password', detail: 'does not meet the password policy' },
      ]);
    };

    await expect(
      resetPassword(world.deps, { email: EMAIL, code, password: NEW_PASSWORD }),
    ).rejects.toMatchObject({
      status: 400,
      extensions: { errors: [{ pointer: '/password' }] },
    });
    expect(world.accounts.storedCodeState(EMAIL)).toMatchObject({ attempts: 0 });
  });
});
