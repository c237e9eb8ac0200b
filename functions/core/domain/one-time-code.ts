import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { CodeRules } from '../config';

/**
 * One-time code rules: 6 digits from a CSPRNG, stored only as an HMAC bound to the address, valid for
 * `ttlSeconds`, at most `maxAttempts` tries, a new send at most every `resendIntervalSeconds` and at most
 * `maxSendsPerHour` an hour per address. The throttle applies to every address, known or not, so the API
 * answers the same for both.
 */

const HOUR_MS = 3_600_000;
export const CODE_LENGTH = 6;

/** What the store keeps for one address. Times are epoch milliseconds. */
export interface CodeState {
  readonly email: string;
  /** The account the code verifies; absent when a send went to no account. */
  readonly userId?: string | undefined;
  /** First name to greet in a resent code email. */
  readonly greetingName?: string | undefined;
  /**
   * HMAC-SHA256 (hex) of the last code sent; absent when no code was sent (or, in items written before codes
   * were left to TTL, once used). A verification leaves it: the account it verified cannot be moved again.
   */
  readonly codeHash?: string | undefined;
  readonly expiresAt?: number | undefined;
  /** Tries made against the live code, the right one included. */
  readonly attempts: number;
  /** Send times within the last hour, oldest first. */
  readonly sentAt: readonly number[];
  /** Optimistic-concurrency version; 0 when nothing is stored yet. */
  readonly version: number;
}

export function emptyCodeState(email: string): CodeState {
  return { email, attempts: 0, sentAt: [], version: 0 };
}

export function generateCode(): string {
  return randomInt(0, 10 ** CODE_LENGTH)
    .toString()
    .padStart(CODE_LENGTH, '0');
}

export function hashCode(secret: string, email: string, code: string): string {
  return createHmac('sha256', secret).update(`${email}\n${code}`).digest('hex');
}

/** Constant-time comparison of the submitted code's HMAC with the stored one. */
export function codeMatches(storedHash: string, secret: string, email: string, code: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashCode(secret, email, code), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export type SendDecision =
  | { readonly allowed: true; readonly sentAt: readonly number[] }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/** May a message go to this address now? If so, `sentAt` is the send log including this send. */
export function decideSend(state: CodeState, now: number, rules: CodeRules): SendDecision {
  const recent = state.sentAt.filter((sentAt) => sentAt > now - HOUR_MS);
  const waits: number[] = [];
  const last = recent.at(-1);
  if (last !== undefined && now - last < rules.resendIntervalSeconds * 1000) {
    waits.push(last + rules.resendIntervalSeconds * 1000 - now);
  }
  if (recent.length >= rules.maxSendsPerHour) {
    const oldestThatCounts = recent[recent.length - rules.maxSendsPerHour] ?? now;
    waits.push(oldestThatCounts + HOUR_MS - now);
  }
  if (waits.length > 0) {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
  }
  return { allowed: true, sentAt: [...recent, now] };
}

/** The state after sending a fresh code: the previous code is dead, attempts start again. */
export function withNewCode(
  state: CodeState,
  sentAt: readonly number[],
  code: { readonly userId: string; readonly codeHash: string; readonly greetingName: string },
  now: number,
  rules: CodeRules,
): CodeState {
  return {
    email: state.email,
    userId: code.userId,
    greetingName: code.greetingName,
    codeHash: code.codeHash,
    expiresAt: now + rules.ttlSeconds * 1000,
    attempts: 0,
    sentAt,
    version: state.version + 1,
  };
}

/** The state after a send that carried no code (unknown address, or one that already has an account). */
export function withSendWithoutCode(state: CodeState, sentAt: readonly number[]): CodeState {
  return { ...state, sentAt, version: state.version + 1 };
}

export type AttemptRefusal = 'NO_CODE' | 'EXPIRED' | 'EXHAUSTED';

/** Why a try cannot be made against this state, or undefined when it can. */
export function refuseAttempt(
  state: CodeState | undefined,
  now: number,
  rules: CodeRules,
): AttemptRefusal | undefined {
  if (!state?.codeHash || state.expiresAt === undefined) return 'NO_CODE';
  if (state.attempts >= rules.maxAttempts) return 'EXHAUSTED';
  if (state.expiresAt <= now) return 'EXPIRED';
  return undefined;
}

/** When the store may forget the record: once neither the code nor the hourly throttle needs it. */
export function retainUntil(state: CodeState): number {
  const lastSend = state.sentAt.at(-1) ?? 0;
  return Math.max(state.expiresAt ?? 0, lastSend + HOUR_MS);
}
