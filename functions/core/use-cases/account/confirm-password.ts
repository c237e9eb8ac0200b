import {
  decidePasswordTry,
  noPasswordAttempts,
  triesBeforeLock,
  type PasswordAttempts,
} from '../../domain/password-attempts';
import { TooManyRequestsError, ValidationError } from '../../errors';
import { logger } from '../../logger';
import { ConcurrentUpdateError } from '../../ports';
import { withIdentity } from '../code-delivery';
import type { Dependencies } from '../dependencies';
import * as problemDetails from '../../i18n/details/compiled/index';

type ConfirmDependencies = Pick<Dependencies, 'accounts' | 'identity' | 'clock'>;

function locked(retryAfterSeconds: number): TooManyRequestsError {
  return new TooManyRequestsError(
    `Too many wrong passwords. Wait ${retryAfterSeconds} seconds before trying again.`,
    retryAfterSeconds,
  ).keyed('tooManyPasswords', { retryAfterSeconds });
}

/**
 * Checks that `password` is the signed-in user's current password before a change that needs it (a new password,
 * the account's deletion). The try is counted first, as if wrong (domain/password-attempts.ts), then Cognito
 * checks the password by signing in with it (AdminInitiateAuth, which Cognito counts towards its own lock-out
 * on AWS), and a right password clears the count.
 * Failure paths: locked (by this count, or by Cognito's) → 429 with Retry-After; a concurrent try → 429 for a
 * second; wrong → 400 naming `field`; Cognito unavailable → 503, the count put back.
 */
export async function confirmPassword(
  deps: ConfirmDependencies,
  input: {
    readonly userId: string;
    readonly password: string;
    readonly field: string;
    /** The count as the caller read it already (with its other reads, in one round trip). */
    readonly known?: { readonly attempts: PasswordAttempts | undefined };
    /**
     * The caller forgets the count itself, in its next write (AccountStore.saveCodeState's
     * `clearPasswordAttemptsOf`), to spare a round trip; if that write never happens the count stays one try
     * higher until it is forgotten (an hour) or the next right password.
     */
    readonly clearInNextWrite?: boolean;
  },
): Promise<void> {
  const now = deps.clock.now().getTime();
  const stored =
    (input.known ? input.known.attempts : await deps.accounts.getPasswordAttempts(input.userId)) ??
    noPasswordAttempts(input.userId);
  const decision = decidePasswordTry(stored, now);
  if (!decision.allowed) throw locked(decision.retryAfterSeconds);
  try {
    await deps.accounts.savePasswordAttempts(decision.next);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) throw locked(1);
    throw error;
  }

  let check: Awaited<ReturnType<typeof deps.identity.checkPassword>>;
  try {
    check = await withIdentity(() => deps.identity.checkPassword(input.userId, input.password));
  } catch (error) {
    // Not a wrong password: put the count back, if nothing else counted meanwhile.
    await deps.accounts
      .savePasswordAttempts({ ...stored, version: decision.next.version + 1 })
      .catch((restoreError: unknown) => logger.warn('password try not given back', { error: restoreError }));
    throw error;
  }
  if (check === 'LOCKED') throw locked(60);
  if (check === 'WRONG') {
    const left = triesBeforeLock(decision.next);
    throw new ValidationError('The current password is not correct.', [
      {
        pointer: input.field,
        detail:
          left > 0
            ? `is not your current password (${left} ${left === 1 ? 'try' : 'tries'} before a wait)`
            : 'is not your current password; further tries must wait longer each time',
        ...(left > 0 ? { detailKey: 'currentPasswordTries', detailValues: { left } } : {}),
      },
    ]).keyed(problemDetails.wrongCurrentPassword);
  }
  if (!input.clearInNextWrite) await deps.accounts.clearPasswordAttempts(input.userId);
}
