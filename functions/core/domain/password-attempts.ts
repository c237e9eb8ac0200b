/**
 * Wrong current passwords, counted the way Cognito counts failed sign-ins: the first FREE_FAILURES are free,
 * then each further try waits 1 s, 2 s, 4 s … up to MAX_LOCK_SECONDS. A try is counted before the password is
 * checked, as if it were wrong (so parallel guesses cannot slip past the lock), and the count is cleared when
 * the password is right. On AWS, Cognito keeps its own count of the same failed checks (AdminInitiateAuth) as
 * well; this one holds the same rule everywhere, the local stack included. Times are epoch milliseconds.
 */

export const PASSWORD_LOCKOUT = {
  freeFailures: 5,
  maxLockSeconds: 900,
  /** A count with no failure for this long is forgotten. */
  forgetAfterSeconds: 3600,
} as const;

export interface PasswordAttempts {
  readonly userId: string;
  /** Tries counted since the last right password (the one in flight included). */
  readonly failures: number;
  /** No try before this time. */
  readonly lockedUntil: number;
  readonly lastTryAt: number;
  /** Optimistic-concurrency version; 0 when nothing is stored. */
  readonly version: number;
}

export function noPasswordAttempts(userId: string): PasswordAttempts {
  return { userId, failures: 0, lockedUntil: 0, lastTryAt: 0, version: 0 };
}

/** How long the next try waits after `failures` wrong passwords. */
export function lockSecondsAfter(failures: number): number {
  if (failures < PASSWORD_LOCKOUT.freeFailures) return 0;
  return Math.min(PASSWORD_LOCKOUT.maxLockSeconds, 2 ** (failures - PASSWORD_LOCKOUT.freeFailures));
}

export type PasswordTryDecision =
  | { readonly allowed: true; readonly next: PasswordAttempts }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/** May a password be tried now? If so, `next` is the state to store before checking it (counted as wrong). */
export function decidePasswordTry(stored: PasswordAttempts, now: number): PasswordTryDecision {
  if (stored.lockedUntil > now) {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((stored.lockedUntil - now) / 1000)) };
  }
  const forgotten = now - stored.lastTryAt > PASSWORD_LOCKOUT.forgetAfterSeconds * 1000;
  const failures = (forgotten ? 0 : stored.failures) + 1;
  return {
    allowed: true,
    next: {
      userId: stored.userId,
      failures,
      lockedUntil: now + lockSecondsAfter(failures) * 1000,
      lastTryAt: now,
      version: stored.version + 1,
    },
  };
}

/** When the store may forget the count. */
export function passwordAttemptsRetainUntil(state: PasswordAttempts): number {
  return Math.max(state.lockedUntil, state.lastTryAt) + PASSWORD_LOCKOUT.forgetAfterSeconds * 1000;
}

/** Free tries left before the next wrong password starts the lock. */
export function triesBeforeLock(state: PasswordAttempts): number {
  return Math.max(0, PASSWORD_LOCKOUT.freeFailures - state.failures);
}
