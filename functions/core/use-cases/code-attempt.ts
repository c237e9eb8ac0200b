import {
  codeMatches,
  refuseAttempt,
  type AttemptRefusal,
  type CodePurpose,
  type CodeState,
} from '../domain/one-time-code';
import { InvalidCodeError } from '../errors';
import { logger } from '../logger';
import type { Dependencies } from './dependencies';

/**
 * One try of an emailed code, whatever it is for (one-time-code.ts): the try is counted atomically before the
 * code is compared (so parallel guesses cannot exceed the limit), then the code's HMAC is compared in constant
 * time. Verification, password reset and email change all go through here.
 */

type AttemptDependencies = Pick<Dependencies, 'accounts' | 'codeSecret' | 'clock' | 'codeRules'>;

/** A code that was right: the state after its try was counted, and the account it was sent for. */
export interface AcceptedCode {
  readonly state: CodeState;
  readonly codeHash: string;
  readonly userId: string;
  readonly now: Date;
}

function refusal(reason: AttemptRefusal, newCodeAt: string): InvalidCodeError {
  switch (reason) {
    case 'NO_CODE':
      return new InvalidCodeError(
        'code-expired',
        `There is no valid code for this address. Request a new code (${newCodeAt}).`,
      ).keyed('noValidCode', { newCodeAt });
    case 'EXPIRED':
      return new InvalidCodeError(
        'code-expired',
        `The code has expired. Request a new code (${newCodeAt}).`,
      ).keyed('codeExpired', { newCodeAt });
    case 'EXHAUSTED':
      return new InvalidCodeError(
        'code-attempts-exhausted',
        `Too many wrong codes: this code no longer works. Request a new code (${newCodeAt}).`,
      ).keyed('codeAttemptsExhausted', { newCodeAt });
  }
}

/**
 * Counts one try of `code` for `purpose` at `email` and answers the accepted code, or throws a 400 with the
 * reason (no code, expired, tries used up, wrong: with the tries left). `newCodeAt` names where a new code is
 * asked for, for the messages.
 */
export async function tryCode(
  deps: AttemptDependencies,
  input: {
    readonly email: string;
    readonly code: string;
    readonly purpose: CodePurpose;
    readonly newCodeAt: string;
  },
): Promise<AcceptedCode> {
  const { email, purpose, newCodeAt } = input;
  const now = deps.clock.now();
  const reserved = await deps.accounts.reserveAttempt(
    email,
    now.getTime(),
    deps.codeRules.maxAttempts,
    purpose,
  );
  if (!reserved.accepted) {
    throw refusal(
      refuseAttempt(reserved.state, now.getTime(), deps.codeRules, purpose) ?? 'NO_CODE',
      newCodeAt,
    );
  }
  const { state } = reserved;
  const { codeHash, userId } = state;
  if (!codeHash || !userId) throw refusal('NO_CODE', newCodeAt);

  if (!codeMatches(codeHash, await deps.codeSecret.get(), email, input.code, purpose)) {
    const attemptsRemaining = Math.max(0, deps.codeRules.maxAttempts - state.attempts);
    throw new InvalidCodeError(
      'invalid-code',
      attemptsRemaining > 0
        ? `The code is not correct. ${attemptsRemaining} ${attemptsRemaining === 1 ? 'try' : 'tries'} left.`
        : `The code is not correct, and no tries are left. Request a new code (${newCodeAt}).`,
      { attemptsRemaining },
    ).keyed(attemptsRemaining > 0 ? 'invalidCode' : 'invalidCodeLast', { attemptsRemaining, newCodeAt });
  }
  return { state, codeHash, userId, now };
}

/** Gives the try back (the code was right but a dependency failed before it could be used), logging a failure. */
export async function giveTryBack(deps: AttemptDependencies, email: string, codeHash: string): Promise<void> {
  await deps.accounts.releaseAttempt(email, codeHash).catch((error: unknown) => {
    logger.error('try could not be given back', { error });
  });
}
