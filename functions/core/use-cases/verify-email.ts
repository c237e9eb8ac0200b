import type { Account, OnboardingState } from '../domain/account';
import { normalizeEmail } from '../domain/email-address';
import { accessLevelOf } from '../domain/onboarding';
import { ConflictError, ServiceUnavailableError } from '../errors';
import { logger } from '../logger';
import { metrics } from '../metrics';
import { ConcurrentUpdateError, IdentityUnavailableError, type AccountRelinkStore } from '../ports';
import { giveTryBack, tryCode } from './code-attempt';
import type { Dependencies, OnboardingDependencies } from './dependencies';
import { nextStepIn } from './account-view';
import type { Locale } from '../i18n/locale';
import * as problemDetails from '../i18n/details/compiled/index';

/**
 * Verify the emailed code. Main path: one try is counted atomically (so parallel guesses cannot exceed the
 * limit) → the code's HMAC matches in constant time → Cognito marks the email verified → the account moves
 * from VERIFY_EMAIL to CHOOSE_ACCESS_TYPE with one conditional write. Before that, the address item is claimed
 * for this user: when it names an older account whose Cognito user is gone, that account is given back to this
 * sign-in instead (re-link, see claimAddress), so a person who signs up again is not a new person beside a ghost.
 * The code is not used up (that would be a second write, in a transaction): nothing can move an account back
 * to VERIFY_EMAIL (sign-up replaces only an unverified one), so once the account has moved on its code can
 * verify nothing new. The item stays anyway, as the send log and throttle, until its TTL, and every try is
 * still counted against `maxAttempts`. The same right code sent again (a client retrying a verification whose
 * answer it lost) therefore answers 200 with the account's view, while the code lives and has tries left.
 * Failure paths: no code / expired / tries used up / wrong code → 400 with the reason (an unknown address
 * reads as "no valid code"); Cognito or DynamoDB unavailable → 503 and the try is given back, so the code
 * still works; no account for the code (nothing writes one) → 409.
 */
/** The sign-up pieces, with the store that re-links, and the reader's language (English when absent). */
export type VerificationDependencies = Omit<OnboardingDependencies, 'accounts'> &
  Pick<Dependencies, 'locale'> & {
    readonly accounts: AccountRelinkStore;
  };

export async function verifyEmail(
  deps: VerificationDependencies,
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
      ).keyed(problemDetails.signInUnavailableCodeWorks);
    }
    throw error;
  }

  let outcome: Awaited<ReturnType<typeof deps.accounts.completeEmailVerification>>;
  try {
    const relinked = await claimAddress(deps, { email, userId, now });
    if (relinked) {
      metrics.count('EmailVerifications');
      metrics.count('AccountsRelinked');
      return verifiedView(email, relinked.state, deps.locale);
    }
    outcome = await deps.accounts.completeEmailVerification({
      userId,
      from: 'VERIFY_EMAIL',
      to: 'CHOOSE_ACCESS_TYPE',
      at: now,
      ownsAddressItem: true,
    });
  } catch (error) {
    // Cognito already says verified; giving the try back lets the same code finish the job on retry.
    await giveTryBack(deps, email, codeHash);
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError('verification-conflict', 'Your account changed meanwhile: retry.').keyed(
        problemDetails.accountChangedMeanwhile,
      );
    }
    throw error;
  }
  if (outcome.moved) {
    metrics.count('EmailVerifications');
    return verifiedView(email, 'CHOOSE_ACCESS_TYPE', deps.locale);
  }
  if (outcome.account && outcome.account.state !== 'VERIFY_EMAIL') {
    // Verified already (this code, repeated, or a racing request): the same answer as the first time, with
    // where the account stands now.
    return verifiedView(email, outcome.account.state, deps.locale);
  }
  // Sign-up writes the account before the code that names it, and nothing deletes accounts: not expected.
  logger.error('no account waits for a verified code', { userId });
  throw new ConflictError('verification-conflict', 'No account waits for this code.').keyed(
    problemDetails.noAccountWaits,
  );
}

/**
 * The address item names who last proved the mailbox. Claiming it for the verifying user succeeds when nobody
 * or they own it. When another user owns it:
 * - that owner's account still has this address and its Cognito user is gone (deleted in the console, a lost
 *   local pool): the person proving the mailbox again gets that account back (re-link, one transaction), its
 *   organization, role and groups with it; the re-linked account is answered;
 * - otherwise the item is stale (the owner's account is gone or has another address, or its user still exists
 *   under another address): it is taken over, and verification goes on as usual.
 * Accounts verified before address items existed have none: their first claim is the verification that meets
 * it (see docs/identity.md on the backfill).
 */
async function claimAddress(
  deps: VerificationDependencies,
  input: { readonly email: string; readonly userId: string; readonly now: Date },
): Promise<Account | undefined> {
  const { email, userId, now } = input;
  const claim = await deps.accounts.claimAddress(email, userId, now);
  if (claim.claimed) return undefined;
  const ownerId = claim.ownerId;
  const [previous, unverified] = await Promise.all([
    deps.accounts.getAccount(ownerId),
    deps.accounts.getAccount(userId),
  ]);
  if (previous?.email === email && unverified?.state === 'VERIFY_EMAIL') {
    if (!(await deps.identity.userExists(ownerId))) {
      const relinked = relinkedAccount(previous, unverified, now);
      await deps.accounts.relinkAccount(previous, unverified, relinked);
      logger.warn('account re-linked (its user was gone)', {
        previousUserId: ownerId,
        userId,
        organizationId: relinked.organizationId,
      });
      return relinked;
    }
    // Two users of one address cannot both exist in the pool (the email is the username): not expected.
    logger.error('address item of a live user taken over', { ownerId, userId });
  }
  const taken = await deps.accounts.claimAddress(email, userId, now, ownerId);
  if (!taken.claimed) throw new ConcurrentUpdateError('address owner changed');
  return undefined;
}

/** The old account under the new sign-in: everything kept but the id, any suspension (its user is gone). */
function relinkedAccount(previous: Account, unverified: Account, now: Date): Account {
  const { suspension: _gone, ...kept } = previous;
  return {
    ...kept,
    userId: unverified.userId,
    ownsAddressItem: true,
    updatedAt: now.toISOString(),
    revision: unverified.revision + 1,
  };
}

/** The answer: the next step's description in the reader's language. */
function verifiedView(email: string, state: OnboardingState, locale: Locale = 'en') {
  return {
    email,
    emailVerified: true as const,
    state,
    accessLevel: accessLevelOf(state),
    nextStep: nextStepIn(state, locale),
  };
}
