import { describe, expect, it } from 'vitest';
import {
  decidePasswordTry,
  lockSecondsAfter,
  noPasswordAttempts,
  PASSWORD_LOCKOUT,
  type PasswordAttempts,
} from '../../../../functions/core/domain/password-attempts';

const T0 = Date.parse('2025-03-03T09:00:00.000Z');

/** `count` tries in a row, each waiting out the lock before it; answers the state after the last. */
function afterTries(count: number): { state: PasswordAttempts; now: number } {
  let state = noPasswordAttempts('user-ada');
  let now = T0;
  for (let i = 0; i < count; i += 1) {
    now = Math.max(now, state.lockedUntil);
    const decision = decidePasswordTry(state, now);
    if (!decision.allowed) throw new Error('locked');
    state = decision.next;
  }
  return { state, now };
}

describe('password tries', () => {
  it('lets the first five wrong passwords through without a wait, as Cognito does', () => {
    expect([1, 2, 3, 4].map(lockSecondsAfter)).toEqual([0, 0, 0, 0]);
    const { state, now } = afterTries(4);
    expect(decidePasswordTry(state, now).allowed).toBe(true);
  });

  it('then waits 1 s, 2 s, 4 s … up to 15 minutes', () => {
    expect([5, 6, 7, 8].map(lockSecondsAfter)).toEqual([1, 2, 4, 8]);
    expect(lockSecondsAfter(40)).toBe(PASSWORD_LOCKOUT.maxLockSeconds);
    const { state, now } = afterTries(7);
    expect(decidePasswordTry(state, now)).toEqual({ allowed: false, retryAfterSeconds: 4 });
    expect(decidePasswordTry(state, now + 4000).allowed).toBe(true);
  });

  it('counts a try before the password is checked, so a parallel try needs the next version', () => {
    const decision = decidePasswordTry(noPasswordAttempts('user-ada'), T0);
    expect(decision).toMatchObject({ allowed: true, next: { failures: 1, version: 1, lastTryAt: T0 } });
  });

  it('forgets a count after an hour without tries', () => {
    const { state, now } = afterTries(6);
    const later = now + PASSWORD_LOCKOUT.forgetAfterSeconds * 1000 + 1;
    expect(decidePasswordTry(state, later)).toMatchObject({ allowed: true, next: { failures: 1 } });
  });
});
