import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Locale } from '../i18n/locale';
import type { CodeRules } from '../config';

/**
 * One-time code rules: 6 digits from a CSPRNG, stored only as an HMAC bound to the address, valid for
 * `ttlSeconds`, at most `maxAttempts` tries, a new send at most every `resendIntervalSeconds` and at most
 * `maxSendsPerHour` an hour per address. The throttle applies to every address, known or not, so the API
 * answers the same for both.
 */

const HOUR_MS = 3_600_000;
export const CODE_LENGTH = 6;

/**
 * What a code proves the mailbox for. One address has one live code at a time, whatever its purpose (a new
 * code of any purpose replaces the last), and one send log: every code Portico sends counts against the same
 * throttle. A code is tried only for its own purpose, and its HMAC is bound to it.
 */
export const CODE_PURPOSES = ['VERIFY_EMAIL', 'RESET_PASSWORD', 'CHANGE_EMAIL'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/** What the store keeps for one address. Times are epoch milliseconds. */
export interface CodeState {
  readonly email: string;
  /** The account the code verifies; absent when a send went to no account. */
  readonly userId?: string | undefined;
  /** What the live code is for; absent on items written before codes had purposes: VERIFY_EMAIL. */
  readonly purpose?: CodePurpose | undefined;
  /** First name to greet in a resent code email. */
  readonly greetingName?: string | undefined;
  /** The language of the emails about this code (the account's). */
  readonly locale?: Locale | undefined;
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

/** The purpose of a stored code (items without one hold a verification code). */
export function purposeOf(state: CodeState): CodePurpose {
  return state.purpose ?? 'VERIFY_EMAIL';
}

/**
 * HMAC-SHA256 of the code, bound to the address and the purpose (a verification code keeps the form it had
 * before codes had purposes, so codes already sent stay valid).
 */
export function hashCode(
  secret: string,
  email: string,
  code: string,
  purpose: CodePurpose = 'VERIFY_EMAIL',
): string {
  const subject = purpose === 'VERIFY_EMAIL' ? `${email}\n${code}` : `${purpose}\n${email}\n${code}`;
  return createHmac('sha256', secret).update(subject).digest('hex');
}

/** Constant-time comparison of the submitted code's HMAC with the stored one. */
export function codeMatches(
  storedHash: string,
  secret: string,
  email: string,
  code: string,
  purpose: CodePurpose = 'VERIFY_EMAIL',
): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashCode(secret, email, code, purpose), 'hex');
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
  code: {
    readonly userId: string;
    readonly codeHash: string;
    readonly greetingName: string;
    readonly locale?: Locale | undefined;
    readonly purpose?: CodePurpose;
  },
  now: number,
  rules: CodeRules,
): CodeState {
  return {
    email: state.email,
    userId: code.userId,
    purpose: code.purpose ?? 'VERIFY_EMAIL',
    greetingName: code.greetingName,
    ...(code.locale ? { locale: code.locale } : {}),
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
  purpose: CodePurpose = 'VERIFY_EMAIL',
): AttemptRefusal | undefined {
  if (!state?.codeHash || state.expiresAt === undefined || purposeOf(state) !== purpose) return 'NO_CODE';
  if (state.attempts >= rules.maxAttempts) return 'EXHAUSTED';
  if (state.expiresAt <= now) return 'EXPIRED';
  return undefined;
}

/** When the store may forget the record: once neither the code nor the hourly throttle needs it. */
export function retainUntil(state: CodeState): number {
  const lastSend = state.sentAt.at(-1) ?? 0;
  return Math.max(state.expiresAt ?? 0, lastSend + HOUR_MS);
}
