import { beforeEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError, TooManyRequestsError } from '../../../../functions/core/errors';
import { resendCode } from '../../../../functions/core/use-cases/resend-code';
import { signUp } from '../../../../functions/core/use-cases/sign-up';
import { verifyEmail } from '../../../../functions/core/use-cases/verify-email';
import { codeIn, fakeWorld, type FakeWorld } from '../../fakes';

const EMAIL = 'ada@acme.example';
const UNKNOWN = 'nobody@acme.example';

let world: FakeWorld;

async function signUpAda(): Promise<string> {
  await signUp(world.deps, {
    email: EMAIL,
    password: 'Correct-Horse-42',
    firstName: 'Ada',
    lastName: 'Lovelace',
    country: 'GB',
  });
  return codeIn(world.mailer.lastSentTo(EMAIL));
}

/** What a caller can observe of one resend: that it resolved, or the status and Retry-After it was refused with. */
async function outcomeOf(email: string): Promise<unknown> {
  try {
    await resendCode(world.deps, { email });
    return 'accepted';
  } catch (error) {
    if (!(error instanceof TooManyRequestsError)) throw error;
    return { status: error.status, retryAfter: error.headers['Retry-After'], detail: error.message };
  }
}

beforeEach(() => {
  world = fakeWorld();
});

describe('resendCode for an identity user without an account record (a sign-up that failed before its account write)', () => {
  it('sends no code, since only signing up again repairs it, and answers as for anyone', async () => {
    world.identity.addUser({
      email: EMAIL,
      emailVerified: false,
      password: 'Correct-Horse-42',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });

    expect(await outcomeOf(EMAIL)).toBe('accepted');
    expect(world.mailer.sentTo(EMAIL)).toHaveLength(0);
    expect(world.accounts.storedCodeState(EMAIL)?.codeHash).toBeUndefined();
    expect(await outcomeOf(EMAIL)).toEqual(await outcomeOf(UNKNOWN).then(() => outcomeOf(UNKNOWN)));
  });
});

describe('resendCode for an unverified address', () => {
  it('emails a fresh code, greeting the person by the name they signed up with', async () => {
    await signUpAda();
    world.clock.advanceSeconds(60);

    await resendCode(world.deps, { email: EMAIL });

    const messages = world.mailer.sentTo(EMAIL);
    expect(messages).toHaveLength(2);
    const [, fresh] = messages;
    expect(fresh?.text).toContain('Hello Ada,');
    expect(fresh && codeIn(fresh)).toMatch(/^\d{6}$/);
  });

  it('makes the new code the one that verifies, with its tries starting again', async () => {
    const first = await signUpAda();
    await verifyEmail(world.deps, { email: EMAIL, code: first === '000000' ? '000001' : '000000' }).catch(
      () => undefined,
    );
    world.clock.advanceSeconds(60);

    await resendCode(world.deps, { email: EMAIL });

    const fresh = codeIn(world.mailer.lastSentTo(EMAIL));
    expect(world.accounts.storedCodeState(EMAIL)).toMatchObject({
      attempts: 0,
      expiresAt: world.clock.now().getTime() + 600_000,
    });
    await expect(verifyEmail(world.deps, { email: EMAIL, code: fresh })).resolves.toMatchObject({
      emailVerified: true,
    });
  });

  it('refuses a resend within 60 seconds with 429 and Retry-After', async () => {
    await signUpAda();
    world.clock.advanceSeconds(45);

    const attempt = resendCode(world.deps, { email: EMAIL });

    await expect(attempt).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(attempt).rejects.toMatchObject({
      status: 429,
      extensions: { retryAfterSeconds: 15 },
      headers: { 'Retry-After': '15' },
    });
    expect(world.mailer.sentTo(EMAIL)).toHaveLength(1);
  });

  it('refuses the sixth send within an hour until the first send is an hour old', async () => {
    await signUpAda();
    for (let i = 0; i < 4; i += 1) {
      world.clock.advanceMinutes(5);
      await resendCode(world.deps, { email: EMAIL });
    }
    world.clock.advanceMinutes(5);

    await expect(resendCode(world.deps, { email: EMAIL })).rejects.toMatchObject({
      status: 429,
      headers: { 'Retry-After': String(35 * 60) },
    });
    world.clock.advanceMinutes(35);
    await expect(resendCode(world.deps, { email: EMAIL })).resolves.toBeUndefined();
    expect(world.mailer.sentTo(EMAIL)).toHaveLength(6);
  });
});

describe('resendCode for an address without an account', () => {
  it('sends nothing but answers as for a known address', async () => {
    await expect(resendCode(world.deps, { email: UNKNOWN })).resolves.toBeUndefined();

    expect(world.mailer.sent).toEqual([]);
  });

  it('is throttled exactly like a known address', async () => {
    await signUpAda();
    world.clock.advanceSeconds(60);
    // The known address has one earlier send; give the unknown one the same history.
    await resendCode(world.deps, { email: UNKNOWN });
    world.clock.advanceSeconds(60);

    const known = [await outcomeOf(EMAIL)];
    const unknown = [await outcomeOf(UNKNOWN)];
    world.clock.advanceSeconds(10);
    known.push(await outcomeOf(EMAIL));
    unknown.push(await outcomeOf(UNKNOWN));

    expect(known).toEqual(['accepted', { status: 429, retryAfter: '50', detail: expect.any(String) }]);
    expect(unknown).toEqual(known);
  });

  it('records the send, so the throttle cannot be probed to tell addresses apart', async () => {
    await resendCode(world.deps, { email: UNKNOWN });

    expect(world.accounts.storedCodeState(UNKNOWN)).toEqual({
      email: UNKNOWN,
      attempts: 0,
      sentAt: [world.clock.now().getTime()],
      version: 1,
    });
  });
});

describe('resendCode for a verified address', () => {
  it('sends the "you already have an account" email instead of a code', async () => {
    const code = await signUpAda();
    await verifyEmail(world.deps, { email: EMAIL, code });
    world.clock.advanceSeconds(60);

    const before = world.accounts.storedCodeState(EMAIL);

    await resendCode(world.deps, { email: EMAIL });

    const message = world.mailer.lastSentTo(EMAIL);
    expect(message.subject).toBe('You already have a Portico account');
    // No new code: the verified one is left as it was (it can move nothing now), only the send is logged.
    expect(world.accounts.storedCodeState(EMAIL)).toEqual({
      ...before,
      sentAt: [...(before?.sentAt ?? []), world.clock.now().getTime()],
      version: (before?.version ?? 0) + 1,
    });
  });
});

describe('resendCode after a sign-up whose code write failed (the account was written first)', () => {
  it('sends a code for the waiting account, and it verifies', async () => {
    world.accounts.failNext(
      'saveCodeState',
      Object.assign(new Error('DynamoDB unavailable'), { $fault: 'server' }),
    );
    await signUp(world.deps, {
      email: EMAIL,
      password: 'Correct-Horse-42',
      firstName: 'Ada',
      lastName: 'Lovelace',
      country: 'GB',
    }).catch(() => undefined);
    expect(world.accounts.storedCodeState(EMAIL)).toBeUndefined();

    await resendCode(world.deps, { email: EMAIL });

    const message = world.mailer.lastSentTo(EMAIL);
    expect(message.text).toContain('Hello Ada,');
    await expect(verifyEmail(world.deps, { email: EMAIL, code: codeIn(message) })).resolves.toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
    });
  });
});

describe('resendCode when a dependency fails', () => {
  it('answers 503 when the email cannot be sent, and an immediate retry is not throttled', async () => {
    await signUpAda();
    world.clock.advanceSeconds(60);
    world.mailer.failNextSends(1);

    await expect(resendCode(world.deps, { email: EMAIL })).rejects.toBeInstanceOf(ServiceUnavailableError);

    await expect(resendCode(world.deps, { email: EMAIL })).resolves.toBeUndefined();
    expect(world.mailer.sentTo(EMAIL)).toHaveLength(2);
  });

  it('keeps the previous code working when the new one could not be sent', async () => {
    const first = await signUpAda();
    world.clock.advanceSeconds(60);
    world.mailer.failNextSends(1);

    await resendCode(world.deps, { email: EMAIL }).catch(() => undefined);

    await expect(verifyEmail(world.deps, { email: EMAIL, code: first })).resolves.toMatchObject({
      emailVerified: true,
    });
  });

  it('answers 503 when the identity provider is unavailable, and counts nothing', async () => {
    await signUpAda();
    world.clock.advanceSeconds(60);
    const before = world.accounts.storedCodeState(EMAIL);
    world.identity.makeUnavailable('findUser');

    await expect(resendCode(world.deps, { email: EMAIL })).rejects.toMatchObject({ status: 503 });

    expect(world.accounts.storedCodeState(EMAIL)).toEqual(before);
  });
});
