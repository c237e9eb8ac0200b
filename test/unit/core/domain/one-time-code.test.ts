import { describe, expect, it } from 'vitest';
import {
  CODE_LENGTH,
  codeMatches,
  decideSend,
  emptyCodeState,
  generateCode,
  hashCode,
  refuseAttempt,
  retainUntil,
  withNewCode,
  withSendWithoutCode,
  type CodePurpose,
  type CodeState,
} from '../../../../functions/core/domain/one-time-code';
import { TEST_CODE_RULES as rules } from '../../fakes';

const SECRET = 'a-32-character-or-longer-hmac-key!!';
const EMAIL = 'ada@acme.example';
const T0 = Date.parse('2025-03-03T09:00:00.000Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function stateWith(overrides: Partial<CodeState> = {}): CodeState {
  return { ...emptyCodeState(EMAIL), ...overrides };
}

/** A state holding a live code sent at `sentAt`. */
function liveCode(overrides: Partial<CodeState> = {}): CodeState {
  return stateWith({
    userId: 'user-ada',
    codeHash: hashCode(SECRET, EMAIL, '123456'),
    expiresAt: T0 + rules.ttlSeconds * SECOND,
    attempts: 0,
    sentAt: [T0],
    version: 1,
    ...overrides,
  });
}

describe('generateCode', () => {
  it('draws six decimal digits', () => {
    const code = generateCode();

    expect(code).toMatch(/^[0-9]{6}$/);
    expect(CODE_LENGTH).toBe(6);
  });

  it('draws different codes from a CSPRNG rather than a constant or a short cycle', () => {
    const draws = Array.from({ length: 500 }, () => generateCode());

    expect(draws.every((code) => /^[0-9]{6}$/.test(code))).toBe(true);
    // 500 draws from 10^6 values: a collision or two is possible, dozens are not.
    expect(new Set(draws).size).toBeGreaterThan(490);
    const firstDigits = new Set(draws.map((code) => code[0]));
    expect(firstDigits.size).toBe(10);
  });
});

describe('hashCode / codeMatches', () => {
  it('stores an HMAC, never the code itself', () => {
    const hash = hashCode(SECRET, EMAIL, '123456');

    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('123456');
  });

  it('binds the hash to the address: the same code for another address hashes differently', () => {
    expect(hashCode(SECRET, EMAIL, '123456')).not.toBe(hashCode(SECRET, 'eve@acme.example', '123456'));
  });

  it('binds the hash to the secret: another key gives another hash', () => {
    expect(hashCode(SECRET, EMAIL, '123456')).not.toBe(hashCode(`${SECRET}-rotated`, EMAIL, '123456'));
  });

  it('is deterministic for the same secret, address and code', () => {
    expect(hashCode(SECRET, EMAIL, '123456')).toBe(hashCode(SECRET, EMAIL, '123456'));
  });

  it('matches the right code for the right address', () => {
    const stored = hashCode(SECRET, EMAIL, '123456');

    expect(codeMatches(stored, SECRET, EMAIL, '123456')).toBe(true);
  });

  it('does not match a wrong code, another address or another secret', () => {
    const stored = hashCode(SECRET, EMAIL, '123456');

    expect(codeMatches(stored, SECRET, EMAIL, '123457')).toBe(false);
    expect(codeMatches(stored, SECRET, 'eve@acme.example', '123456')).toBe(false);
    expect(codeMatches(stored, `${SECRET}-rotated`, EMAIL, '123456')).toBe(false);
  });

  it('answers false (and does not throw) for a stored hash of another length', () => {
    const stored = hashCode(SECRET, EMAIL, '123456');

    expect(codeMatches(stored.slice(0, 32), SECRET, EMAIL, '123456')).toBe(false);
    expect(codeMatches(`${stored}00`, SECRET, EMAIL, '123456')).toBe(false);
    expect(codeMatches('', SECRET, EMAIL, '123456')).toBe(false);
  });
});

describe('decideSend', () => {
  it('allows the first send and logs it', () => {
    const decision = decideSend(emptyCodeState(EMAIL), T0, rules);

    expect(decision).toEqual({ allowed: true, sentAt: [T0] });
  });

  it('refuses a second send within the resend interval and says how long to wait', () => {
    const state = stateWith({ sentAt: [T0] });

    const decision = decideSend(state, T0 + 20 * SECOND, rules);

    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 40 });
  });

  it('rounds a partial second of waiting up, never down to zero', () => {
    const state = stateWith({ sentAt: [T0] });

    const decision = decideSend(state, T0 + 59_999, rules);

    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('allows another send once the resend interval has passed', () => {
    const state = stateWith({ sentAt: [T0] });

    const decision = decideSend(state, T0 + 60 * SECOND, rules);

    expect(decision).toEqual({ allowed: true, sentAt: [T0, T0 + 60 * SECOND] });
  });

  it('refuses the sixth send within an hour until the oldest counted send leaves the window', () => {
    const sends = [0, 1, 2, 3, 4].map((i) => T0 + i * 2 * MINUTE);
    const state = stateWith({ sentAt: sends });
    const now = T0 + 10 * MINUTE;

    const decision = decideSend(state, now, rules);

    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 50 * 60 });
  });

  it('allows the sixth send exactly when the oldest send is an hour old', () => {
    const sends = [0, 1, 2, 3, 4].map((i) => T0 + i * 2 * MINUTE);
    const state = stateWith({ sentAt: sends });

    const justBefore = decideSend(state, T0 + HOUR - 1, rules);
    const atTheHour = decideSend(state, T0 + HOUR, rules);

    expect(justBefore).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(atTheHour).toEqual({ allowed: true, sentAt: [...sends.slice(1), T0 + HOUR] });
  });

  it('forgets sends older than an hour', () => {
    const old = [0, 1, 2, 3, 4].map((i) => T0 - 2 * HOUR + i * MINUTE);
    const state = stateWith({ sentAt: old });

    const decision = decideSend(state, T0, rules);

    expect(decision).toEqual({ allowed: true, sentAt: [T0] });
  });

  it('reports the longer wait when both the interval and the hourly limit refuse', () => {
    const sends = [T0, T0 + 15 * MINUTE, T0 + 30 * MINUTE, T0 + 45 * MINUTE, T0 + 59 * MINUTE + 50 * SECOND];
    const state = stateWith({ sentAt: sends });

    const decision = decideSend(state, T0 + 59 * MINUTE + 55 * SECOND, rules);

    // Interval: 55 s left; hour: the oldest leaves the window in 5 s. The longer wait wins.
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 55 });
  });
});

describe('withNewCode', () => {
  it('replaces the code, resets the tries, sets expiry to now + ttl and bumps the version', () => {
    const previous = liveCode({ attempts: 4, version: 7 });
    const now = T0 + 5 * MINUTE;

    const next = withNewCode(
      previous,
      [T0, now],
      { userId: 'user-ada', codeHash: 'new-hash', greetingName: 'Ada' },
      now,
      rules,
    );

    expect(next).toEqual({
      email: EMAIL,
      userId: 'user-ada',
      purpose: 'VERIFY_EMAIL',
      greetingName: 'Ada',
      codeHash: 'new-hash',
      expiresAt: now + rules.ttlSeconds * SECOND,
      attempts: 0,
      sentAt: [T0, now],
      version: 8,
    });
  });
});

describe('withSendWithoutCode', () => {
  it('records the send and keeps everything else', () => {
    const previous = liveCode({ attempts: 2, version: 3 });

    const next = withSendWithoutCode(previous, [T0, T0 + MINUTE]);

    expect(next).toEqual({ ...previous, sentAt: [T0, T0 + MINUTE], version: 4 });
  });
});

describe('refuseAttempt', () => {
  it('refuses with NO_CODE when nothing is stored', () => {
    expect(refuseAttempt(undefined, T0, rules)).toBe('NO_CODE');
  });

  it('refuses with NO_CODE when no code was sent (or an older verification used it up)', () => {
    expect(refuseAttempt(stateWith({ sentAt: [T0], version: 1 }), T0, rules)).toBe('NO_CODE');
  });

  it('refuses with EXHAUSTED once five tries were made, even before expiry', () => {
    expect(refuseAttempt(liveCode({ attempts: 5 }), T0 + SECOND, rules)).toBe('EXHAUSTED');
  });

  it('refuses with EXPIRED once the ttl has passed', () => {
    const state = liveCode({ attempts: 1 });

    expect(refuseAttempt(state, T0 + rules.ttlSeconds * SECOND, rules)).toBe('EXPIRED');
  });

  it('lets a try through while the code is live and tries remain', () => {
    const state = liveCode({ attempts: 4 });

    expect(refuseAttempt(state, T0 + rules.ttlSeconds * SECOND - 1, rules)).toBeUndefined();
  });
});

describe('retainUntil', () => {
  it('keeps the record as long as the hourly throttle or the code needs it', () => {
    expect(retainUntil(liveCode({ sentAt: [T0] }))).toBe(T0 + HOUR);
    expect(retainUntil(liveCode({ sentAt: [T0], expiresAt: T0 + 2 * HOUR }))).toBe(T0 + 2 * HOUR);
  });

  it('counts from the latest send', () => {
    expect(retainUntil(liveCode({ sentAt: [T0, T0 + 120_000], expiresAt: T0 + 60_000 }))).toBe(
      T0 + 120_000 + HOUR,
    );
  });
});

describe('code purposes', () => {
  const live = (purpose?: CodePurpose): CodeState => ({
    email: EMAIL,
    userId: 'user-ada',
    ...(purpose ? { purpose } : {}),
    codeHash: 'hash',
    expiresAt: T0 + 600 * SECOND,
    attempts: 0,
    sentAt: [T0],
    version: 1,
  });

  it('lets a code be tried only for its own purpose', () => {
    expect(refuseAttempt(live('RESET_PASSWORD'), T0, rules, 'RESET_PASSWORD')).toBeUndefined();
    expect(refuseAttempt(live('RESET_PASSWORD'), T0, rules, 'VERIFY_EMAIL')).toBe('NO_CODE');
    expect(refuseAttempt(live('VERIFY_EMAIL'), T0, rules, 'RESET_PASSWORD')).toBe('NO_CODE');
  });

  it('reads a stored code without a purpose (written before purposes) as a verification code', () => {
    expect(refuseAttempt(live(), T0, rules, 'VERIFY_EMAIL')).toBeUndefined();
    expect(refuseAttempt(live(), T0, rules, 'CHANGE_EMAIL')).toBe('NO_CODE');
  });

  it('binds the HMAC to the purpose, keeping the verification form unchanged', () => {
    expect(hashCode(SECRET, EMAIL, '123456')).toBe(hashCode(SECRET, EMAIL, '123456', 'VERIFY_EMAIL'));
    expect(hashCode(SECRET, EMAIL, '123456', 'RESET_PASSWORD')).not.toBe(hashCode(SECRET, EMAIL, '123456'));
    expect(codeMatches(hashCode(SECRET, EMAIL, '123456', 'RESET_PASSWORD'), SECRET, EMAIL, '123456')).toBe(
      false,
    );
  });
});
