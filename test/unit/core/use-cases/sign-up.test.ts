import { randomInt } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { hashCode } from '../../../../functions/core/domain/one-time-code';
import {
  InvalidCodeError,
  ServiceUnavailableError,
  TooManyRequestsError,
} from '../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../functions/core/ports';
import { signUp, type SignUpInput } from '../../../../functions/core/use-cases/sign-up';
import { verifyEmail } from '../../../../functions/core/use-cases/verify-email';
import { anAccount } from '../../fixtures';
import {
  codeIn,
  fakeWorld,
  TEST_CODE_SECRET,
  TEST_REMINDER_AFTER_SECONDS,
  type FakeWorld,
} from '../../fakes';
import type * as NodeCrypto from 'node:crypto';

// Real CSPRNG draws, except where a test pins two different codes to compare the old with the new.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof NodeCrypto>();
  return { ...actual, randomInt: vi.fn(actual.randomInt) };
});
const drawn = vi.mocked(randomInt as (min: number, max: number) => number);

const ADA: SignUpInput = {
  email: 'ada@acme.example',
  password: 'Correct-Horse-42',
  firstName: 'Ada',
  lastName: 'Lovelace',
  country: 'GB',
};

let world: FakeWorld;

beforeEach(() => {
  world = fakeWorld();
});

describe('signUp of a new address', () => {
  it('emails a code that verifies the account', async () => {
    await signUp(world.deps, ADA);

    const code = codeIn(world.mailer.lastSentTo(ADA.email));
    const verified = await verifyEmail(world.deps, { email: ADA.email, code });

    expect(verified).toMatchObject({
      emailVerified: true,
      state: 'CHOOSE_ACCESS_TYPE',
      accessLevel: 'LIMITED',
    });
    expect(world.identity.user(ADA.email)?.emailVerified).toBe(true);
  });

  it('creates the identity user with the chosen password, unverified', async () => {
    await signUp(world.deps, ADA);

    expect(world.identity.user(ADA.email)).toMatchObject({
      email: ADA.email,
      password: ADA.password,
      firstName: 'Ada',
      lastName: 'Lovelace',
      emailVerified: false,
    });
  });

  it('records an unverified account classified by its email domain, its reminder scheduled', async () => {
    await signUp(world.deps, ADA);

    const userId = world.identity.user(ADA.email)?.userId ?? '';
    const reminderDueAt = new Date(world.clock.now().getTime() + TEST_REMINDER_AFTER_SECONDS * 1000);
    expect(world.accounts.storedAccount(userId)).toEqual({
      userId,
      email: 'ada@acme.example',
      emailDomain: 'acme.example',
      emailDomainKind: 'WORK',
      firstName: 'Ada',
      lastName: 'Lovelace',
      country: 'GB',
      locale: 'en',
      state: 'VERIFY_EMAIL',
      createdAt: world.clock.now().toISOString(),
      updatedAt: world.clock.now().toISOString(),
      reminderDueAt: reminderDueAt.toISOString(),
      revision: 1,
    });
  });

  it('keeps only an HMAC of the code, valid for the ttl, with no tries used', async () => {
    await signUp(world.deps, ADA);

    const code = codeIn(world.mailer.lastSentTo(ADA.email));
    const now = world.clock.now().getTime();
    expect(world.accounts.storedCodeState(ADA.email)).toEqual({
      email: ADA.email,
      userId: world.identity.user(ADA.email)?.userId,
      purpose: 'VERIFY_EMAIL',
      greetingName: 'Ada',
      codeHash: hashCode(TEST_CODE_SECRET, ADA.email, code),
      expiresAt: now + 600_000,
      attempts: 0,
      sentAt: [now],
      version: 1,
    });
  });

  it('greets the person by name and says how long the code is valid', async () => {
    await signUp(world.deps, ADA);

    const message = world.mailer.lastSentTo(ADA.email);
    expect(message.subject).toMatch(/^Your Portico verification code: \d{6}$/);
    expect(message.text).toContain('Hello Ada,');
    expect(message.text).toContain('valid for 10 minutes');
    expect(message.html).toContain(codeIn(message));
  });

  it('treats the address case-insensitively and without surrounding spaces', async () => {
    await signUp(world.deps, { ...ADA, email: '  Ada@ACME.Example ' });

    expect(world.mailer.sent.map((message) => message.to)).toEqual(['ada@acme.example']);
    expect(world.identity.user('ada@acme.example')).toBeDefined();
  });

  it('records a personal address as PERSONAL, so the account stays limited later', async () => {
    await signUp(world.deps, { ...ADA, email: 'ada@gmail.com' });

    const userId = world.identity.user('ada@gmail.com')?.userId ?? '';
    expect(world.accounts.storedAccount(userId)).toMatchObject({
      emailDomain: 'gmail.com',
      emailDomainKind: 'PERSONAL',
    });
  });
});

describe('signUp of an address that already has a verified account', () => {
  function givenVerifiedAda() {
    const user = world.identity.addUser({
      email: ADA.email,
      emailVerified: true,
      password: 'Original-Password-1',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    const account = anAccount({ userId: user.userId, state: 'ACTIVE', organizationId: 'org-acme' });
    world.accounts.seedAccount(account);
    return account;
  }

  it('sends the "you already have an account" email, with no code', async () => {
    givenVerifiedAda();

    await signUp(world.deps, { ...ADA, password: 'Attacker-Chosen-1' });

    const [message, ...others] = world.mailer.sentTo(ADA.email);
    expect(others).toEqual([]);
    expect(message?.subject).toBe('You already have a Portico account');
    expect(message?.text).toContain('https://portal.portico.example');
    expect(message?.text).not.toMatch(/\d{6}/);
  });

  it('leaves the account and the password unchanged', async () => {
    const account = givenVerifiedAda();

    await signUp(world.deps, { ...ADA, password: 'Attacker-Chosen-1', firstName: 'Eve' });

    expect(world.accounts.storedAccount(account.userId)).toEqual(account);
    expect(world.identity.user(ADA.email)).toMatchObject({
      password: 'Original-Password-1',
      firstName: 'Ada',
    });
    expect(world.accounts.storedCodeState(ADA.email)?.codeHash).toBeUndefined();
  });

  it('answers exactly as for a new address, so nobody learns the address is registered', async () => {
    givenVerifiedAda();

    const forRegistered = await signUp(world.deps, ADA);
    const forNew = await signUp(world.deps, { ...ADA, email: 'grace@acme.example' });

    expect(forRegistered).toBeUndefined();
    expect(forNew).toBeUndefined();
  });

  it('is throttled like any other address', async () => {
    givenVerifiedAda();
    await signUp(world.deps, ADA);
    world.clock.advanceSeconds(10);

    await expect(signUp(world.deps, ADA)).rejects.toMatchObject({
      status: 429,
      headers: { 'Retry-After': '50' },
    });
  });
});

describe('signUp again while the address is unverified', () => {
  it('replaces the code: the old one stops working, the new one verifies', async () => {
    drawn.mockReturnValueOnce(111_111).mockReturnValueOnce(222_222);
    await signUp(world.deps, ADA);
    world.clock.advanceSeconds(61);

    await signUp(world.deps, { ...ADA, password: 'Another-Horse-43' });

    const [first, second] = world.mailer.sentTo(ADA.email).map(codeIn);
    expect([first, second]).toEqual(['111111', '222222']);
    await expect(verifyEmail(world.deps, { email: ADA.email, code: '111111' })).rejects.toMatchObject({
      type: 'invalid-code',
    });
    await expect(verifyEmail(world.deps, { email: ADA.email, code: '222222' })).resolves.toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
    });
  });

  it('takes the new password and names and keeps the same user', async () => {
    await signUp(world.deps, ADA);
    const userId = world.identity.user(ADA.email)?.userId;
    world.clock.advanceSeconds(61);

    await signUp(world.deps, { ...ADA, password: 'Another-Horse-43', firstName: 'Augusta' });

    expect(world.identity.user(ADA.email)).toMatchObject({ userId, password: 'Another-Horse-43' });
    expect(world.accounts.storedAccount(userId ?? '')).toMatchObject({
      firstName: 'Augusta',
      state: 'VERIFY_EMAIL',
    });
    expect(world.mailer.lastSentTo(ADA.email).text).toContain('Hello Augusta,');
  });

  it('is refused with 429 and Retry-After within 60 seconds of the last send', async () => {
    await signUp(world.deps, ADA);
    world.clock.advanceSeconds(15);

    const attempt = signUp(world.deps, ADA);

    await expect(attempt).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(attempt).rejects.toMatchObject({
      status: 429,
      extensions: { retryAfterSeconds: 45 },
      headers: { 'Retry-After': '45' },
    });
    expect(world.mailer.sentTo(ADA.email)).toHaveLength(1);
  });
});

describe('signUp when a dependency fails', () => {
  it('answers 503 when the email cannot be sent, and does not count the send', async () => {
    world.mailer.failNextSends(1);

    const attempt = signUp(world.deps, ADA);

    await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(attempt).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '30' } });
    expect(world.accounts.storedCodeState(ADA.email)).toBeUndefined();
  });

  it('lets an immediate retry after a mail failure through, and its code verifies', async () => {
    world.mailer.failNextSends(1);
    await signUp(world.deps, ADA).catch(() => undefined);

    await signUp(world.deps, ADA);

    const code = codeIn(world.mailer.lastSentTo(ADA.email));
    await expect(verifyEmail(world.deps, { email: ADA.email, code })).resolves.toMatchObject({
      emailVerified: true,
    });
  });

  it('answers 503 when the identity provider is unavailable, having sent and counted nothing', async () => {
    world.identity.makeUnavailable('registerUser');

    await expect(signUp(world.deps, ADA)).rejects.toMatchObject({ status: 503, type: 'service-unavailable' });

    expect(world.mailer.sent).toEqual([]);
    expect(world.accounts.storedCodeState(ADA.email)).toBeUndefined();
  });

  it('never puts the code into the error a caller sees', async () => {
    world.mailer.failNextSends(1);

    const error = await signUp(world.deps, ADA).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(
      JSON.stringify({ message: (error as Error).message, ...(error as ServiceUnavailableError).extensions }),
    ).not.toMatch(/\d{6}/);
  });
});

describe('signUp when a write fails half way (the account is written first, then the code item)', () => {
  const outage = () => Object.assign(new Error('DynamoDB unavailable'), { $fault: 'server' });

  it('writes, counts and sends nothing when the account write fails', async () => {
    const failure = outage();
    world.accounts.failNext('saveUnverifiedAccount', failure);

    await expect(signUp(world.deps, ADA)).rejects.toBe(failure);

    const userId = world.identity.user(ADA.email)?.userId ?? '';
    expect(world.accounts.storedAccount(userId)).toBeUndefined();
    expect(world.accounts.storedCodeState(ADA.email)).toBeUndefined();
    expect(world.mailer.sent).toEqual([]);
  });

  it('leaves the account waiting without a code when the code write fails, and counts no send', async () => {
    const failure = outage();
    world.accounts.failNext('saveCodeState', failure);

    await expect(signUp(world.deps, ADA)).rejects.toBe(failure);

    const userId = world.identity.user(ADA.email)?.userId ?? '';
    expect(world.accounts.storedAccount(userId)).toMatchObject({ state: 'VERIFY_EMAIL', firstName: 'Ada' });
    expect(world.accounts.storedCodeState(ADA.email)).toBeUndefined();
    expect(world.mailer.sent).toEqual([]);
  });

  it('is repaired by signing up again at once: not throttled, and its code verifies', async () => {
    world.accounts.failNext('saveCodeState', outage());
    await signUp(world.deps, ADA).catch(() => undefined);

    await signUp(world.deps, ADA);

    const code = codeIn(world.mailer.lastSentTo(ADA.email));
    await expect(verifyEmail(world.deps, { email: ADA.email, code })).resolves.toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
    });
  });

  it('keeps the previous live code working when a repeated sign-up fails at its code write', async () => {
    await signUp(world.deps, ADA);
    const first = codeIn(world.mailer.lastSentTo(ADA.email));
    world.clock.advanceSeconds(61);
    world.accounts.failNext('saveCodeState', outage());

    await signUp(world.deps, { ...ADA, firstName: 'Augusta' }).catch(() => undefined);

    const userId = world.identity.user(ADA.email)?.userId ?? '';
    expect(world.accounts.storedAccount(userId)).toMatchObject({
      state: 'VERIFY_EMAIL',
      firstName: 'Augusta',
    });
    await expect(verifyEmail(world.deps, { email: ADA.email, code: first })).resolves.toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
    });
  });
});

describe('signUp racing a verification of the same address', () => {
  it('never replaces an account verified between the identity check and its write: the owner is notified instead', async () => {
    await signUp(world.deps, ADA);
    const code = codeIn(world.mailer.lastSentTo(ADA.email));
    world.clock.advanceSeconds(61);
    // The identity provider still says unverified to this sign-up; the verification lands right after.
    const registerUser = world.identity.registerUser.bind(world.identity);
    vi.spyOn(world.identity, 'registerUser').mockImplementationOnce(async (input) => {
      const user = await registerUser(input);
      await verifyEmail(world.deps, { email: ADA.email, code });
      return user;
    });
    const userId = world.identity.user(ADA.email)?.userId ?? '';

    await signUp(world.deps, { ...ADA, firstName: 'Eve' });

    expect(world.accounts.storedAccount(userId)).toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
      firstName: 'Ada',
    });
    expect(world.mailer.lastSentTo(ADA.email).subject).toBe('You already have a Portico account');
    expect(world.mailer.sentTo(ADA.email)).toHaveLength(2);
  });
});

describe('verifyEmail after sign-up', () => {
  it('refuses a wrong code with invalid-code, not a different error', async () => {
    drawn.mockReturnValueOnce(123_456);
    await signUp(world.deps, ADA);

    await expect(verifyEmail(world.deps, { email: ADA.email, code: '654321' })).rejects.toBeInstanceOf(
      InvalidCodeError,
    );
  });
});

describe('signUp racing another request for the same address', () => {
  it('decides again after losing the race for the code item, and its code verifies', async () => {
    world.accounts.failNext('saveCodeState', new ConcurrentUpdateError('another send won'));

    await signUp(world.deps, ADA);

    expect(world.mailer.sentTo(ADA.email)).toHaveLength(1);
    const code = codeIn(world.mailer.lastSentTo(ADA.email));
    await expect(verifyEmail(world.deps, { email: ADA.email, code })).resolves.toMatchObject({
      emailVerified: true,
    });
  });

  it('answers 429 with a wait of at least one second after losing three races in a row', async () => {
    const save = vi
      .spyOn(world.accounts, 'saveCodeState')
      .mockRejectedValue(new ConcurrentUpdateError('another send won'));

    const attempt = signUp(world.deps, ADA);

    await expect(attempt).rejects.toMatchObject({ status: 429 });
    await expect(attempt).rejects.toMatchObject({
      headers: { 'Retry-After': expect.stringMatching(/^[1-9]/) },
    });
    expect(save).toHaveBeenCalledTimes(3);
    expect(world.mailer.sentTo(ADA.email)).toHaveLength(0);
  });
});
