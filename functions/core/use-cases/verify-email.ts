import { normalizeEmail } from '../domain/email-address';
import { codeMatches, refuseAttempt, type AttemptRefusal } from '../domain/one-time-code';
import { accessLevelOf, nextStepOf } from '../domain/onboarding';
import { ConflictError, InvalidCodeError, ServiceUnavailableError } from '../errors';
import { logger } from '../logger';
import { ConcurrentUpdateError, IdentityUnavailableError } from '../ports';
import type { OnboardingDependencies } from './dependencies';

const REFUSALS: Record<AttemptRefusal, () => InvalidCodeError> = {
  NO_CODE: () =>
    new InvalidCodeError(
      'code-expired',
      'There is no valid code for this address. Request a new code (POST /v1/signup/resend).',
    ),
  EXPIRED: () =>
    new InvalidCodeError(
      'code-expired',
      'The code has expired. Request a new code (POST /v1/signup/resend).',
    ),
  EXHAUSTED: () =>
    new InvalidCodeError(
      'code-attempts-exhausted',
      'Too many wrong codes: this code no longer works. Request a new code (POST /v1/signup/resend).',
    ),
};

/**
 * Verify the emailed code. Main path: one try is counted atomically (so parallel guesses cannot exceed the
 * limit) → the code's HMAC matches in constant time → Cognito marks the email verified → the account moves
 * to CHOOSE_ACCESS_TYPE and the code is used up, together.
 * Failure paths: no code / expired / tries used up / wrong code → 400 with the reason (an unknown address
 * reads as "no valid code"); Cognito or DynamoDB unavailable → 503 and the try is given back, so the code
 * still works.
 */
export async function verifyEmail(
  deps: OnboardingDependencies,
  input: { readonly email: string; readonly code: string },
) {
  const email = normalizeEmail(input.email);
  const now = deps.clock.now();
  const reserved = await deps.accounts.reserveAttempt(email, now.getTime(), deps.codeRules.maxAttempts);
  if (!reserved.accepted) {
    throw REFUSALS[refuseAttempt(reserved.state, now.getTime(), deps.codeRules) ?? 'NO_CODE']();
  }
  const { state } = reserved;
  const { codeHash, userId } = state;
  if (!codeHash || !userId) throw REFUSALS.NO_CODE();

  if (!codeMatches(codeHash, await deps.codeSecret.get(), email, input.code)) {
    const attemptsRemaining = Math.max(0, deps.codeRules.maxAttempts - state.attempts);
    throw new InvalidCodeError(
      'invalid-code',
      attemptsRemaining > 0
        ? `The code is not correct. ${attemptsRemaining} ${attemptsRemaining === 1 ? 'try' : 'tries'} left.`
        : 'The code is not correct, and no tries are left. Request a new code (POST /v1/signup/resend).',
      { attemptsRemaining },
    );
  }

  try {
    await deps.identity.markEmailVerified(email);
  } catch (error) {
    await deps.accounts.releaseAttempt(email, codeHash).catch((releaseError: unknown) => {
      logger.error('try could not be given back', { error: releaseError });
    });
    if (error instanceof IdentityUnavailableError) {
      throw new ServiceUnavailableError(
        'Sign-in service is unavailable right now. Your code still works: retry shortly.',
      );
    }
    throw error;
  }

  try {
    await deps.accounts.completeEmailVerification({
      userId,
      email,
      codeHash,
      from: 'VERIFY_EMAIL',
      to: 'CHOOSE_ACCESS_TYPE',
      at: now,
    });
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'verification-conflict',
        'This code was just used or replaced. Request a new code.',
      );
    }
    // Cognito already says verified; giving the try back lets the same code finish the job on retry.
    await deps.accounts.releaseAttempt(email, codeHash).catch((releaseError: unknown) => {
      logger.error('try could not be given back', { error: releaseError });
    });
    throw error;
  }
  return {
    email,
    emailVerified: true,
    state: 'CHOOSE_ACCESS_TYPE' as const,
    accessLevel: accessLevelOf('CHOOSE_ACCESS_TYPE'),
    nextStep: nextStepOf('CHOOSE_ACCESS_TYPE'),
  };
}
