import { normalizeEmail } from '../../domain/email-address';
import { ServiceUnavailableError } from '../../errors';
import { logger } from '../../logger';
import { IdentityUnavailableError } from '../../ports';
import * as emailTemplates from '../../email/templates';
import { giveTryBack, tryCode } from '../code-attempt';
import type { OnboardingDependencies } from '../dependencies';
import * as problemDetails from '../../i18n/details/compiled/index';

export interface ResetPasswordInput {
  readonly email: string;
  readonly code: string;
  /** Already checked against PASSWORD_POLICY by the route's schema. */
  readonly password: string;
}

/** Where a new reset code is asked for, in the refusals' messages. */
const NEW_CODE_AT = 'POST /v1/password/forgot';

/**
 * Reset a forgotten password with the emailed code. Main path: one try of the RESET_PASSWORD code is counted
 * and the code compared (code-attempt.ts, as verification) → Cognito sets the new password (permanent) → the
 * address is marked verified (the code proves the mailbox: an unverified account is verified by the reset, as
 * by verification, and moves on to CHOOSE_ACCESS_TYPE) → every session of the user is signed out (refresh
 * tokens stop working) → the code is used up, so it cannot set a password twice → "your password was
 * changed" email.
 * Failure paths: no code / expired / tries used up / wrong code → 400 with the reason; Cognito or DynamoDB
 * unavailable before the code is used up → 503 and the try is given back, so the same code still works (each
 * step is safe to repeat); the notice email failing is logged, not answered: the password is already changed.
 */
export async function resetPassword(deps: OnboardingDependencies, input: ResetPasswordInput) {
  const email = normalizeEmail(input.email);
  const { codeHash, userId, state, now } = await tryCode(deps, {
    email,
    code: input.code,
    purpose: 'RESET_PASSWORD',
    newCodeAt: NEW_CODE_AT,
  });

  try {
    await deps.identity.setPassword(email, input.password, '/password');
    await deps.identity.markEmailVerified(email);
    await deps.identity.signOutEverywhere(email);
    // Only moves an account still waiting for verification; any other state is left as it is.
    await deps.accounts.completeEmailVerification({
      userId,
      from: 'VERIFY_EMAIL',
      to: 'CHOOSE_ACCESS_TYPE',
      at: now,
    });
  } catch (error) {
    await giveTryBack(deps, email, codeHash);
    if (error instanceof IdentityUnavailableError) {
      throw new ServiceUnavailableError(
        'Sign-in service is unavailable right now. Your code still works: retry shortly.',
      ).keyed(problemDetails.signInUnavailableCodeWorks);
    }
    throw error;
  }

  await deps.accounts.consumeCode(email, codeHash).catch((error: unknown) => {
    // The code stays usable until it expires, by whoever holds it: the person who just used it.
    logger.error('reset code could not be used up', { error });
  });
  const notice = emailTemplates.passwordChanged({
    to: email,
    locale: state.locale,
    firstName: state.greetingName,
    portalUrl: deps.portalUrl,
  });
  await deps.mailer.send(notice).catch((error: unknown) => {
    logger.error('password-changed notice could not be sent', { error });
  });
  return {
    status: 'PASSWORD_RESET' as const,
    detail: 'Your password was changed and every session was signed out. Sign in with the new password.',
  };
}
