import type { OnboardingState } from '../domain/account';
import { normalizeEmail } from '../domain/email-address';
import { accessLevelOf, nextStepOf } from '../domain/onboarding';
import { ConflictError, ServiceUnavailableError } from '../errors';
import { logger } from '../logger';
import { metrics } from '../metrics';
import { IdentityUnavailableError } from '../ports';
import { giveTryBack, tryCode } from './code-attempt';
import type { OnboardingDependencies } from './dependencies';

/**
 * Verify the emailed code. Main path: one try is counted atomically (so parallel guesses cannot exceed the
 * limit) → the code's HMAC matches in constant time → Cognito marks the email verified → the account moves
 * from VERIFY_EMAIL to CHOOSE_ACCESS_TYPE with one conditional write.
 * The code is not used up (that would be a second write, in a transaction): nothing can move an account back
 * to VERIFY_EMAIL (sign-up replaces only an unverified one), so once the account has moved on its code can
 * verify nothing new. The item stays anyway, as the send log and throttle, until its TTL, and every try is
 * still counted against `maxAttempts`. The same right code sent again (a client retrying a verification whose
 * answer it lost) therefore answers 200 with the account's view, while the code lives and has tries left.
 * Failure paths: no code / expired / tries used up / wrong code → 400 with the reason (an unknown address
 * reads as "no valid code"); Cognito or DynamoDB unavailable → 503 and the try is given back, so the code
 * still works; no account for the code (nothing writes one) → 409.
 */
export async function verifyEmail(
  deps: OnboardingDependencies,
  input: { readonly email: string; readonly code: string },
) {
  const email = normalizeEmail(input.email);
  const { codeHash, userId, now } = await tryCode(deps, {
    email,
    code: input.code,
    purpose: 'VERIFY_EMAIL',
    newCodeAt: 'POST /v1/signup/resend',
  });

  try {
    await deps.identity.markEmailVerified(email);
  } catch (error) {
    await giveTryBack(deps, email, codeHash);
    if (error instanceof IdentityUnavailableError) {
      throw new ServiceUnavailableError(
        'Sign-in service is unavailable right now. Your code still works: retry shortly.',
      );
    }
    throw error;
  }

  let outcome: Awaited<ReturnType<typeof deps.accounts.completeEmailVerification>>;
  try {
    outcome = await deps.accounts.completeEmailVerification({
      userId,
      from: 'VERIFY_EMAIL',
      to: 'CHOOSE_ACCESS_TYPE',
      at: now,
    });
  } catch (error) {
    // Cognito already says verified; giving the try back lets the same code finish the job on retry.
    await giveTryBack(deps, email, codeHash);
    throw error;
  }
  if (outcome.moved) {
    metrics.count('EmailVerifications');
    return verifiedView(email, 'CHOOSE_ACCESS_TYPE');
  }
  if (outcome.account && outcome.account.state !== 'VERIFY_EMAIL') {
    // Verified already (this code, repeated, or a racing request): the same answer as the first time, with
    // where the account stands now.
    return verifiedView(email, outcome.account.state);
  }
  // Sign-up writes the account before the code that names it, and nothing deletes accounts: not expected.
  logger.error('no account waits for a verified code', { userId });
  throw new ConflictError('verification-conflict', 'No account waits for this code.');
}

function verifiedView(email: string, state: OnboardingState) {
  return {
    email,
    emailVerified: true as const,
    state,
    accessLevel: accessLevelOf(state),
    nextStep: nextStepOf(state),
  };
}
