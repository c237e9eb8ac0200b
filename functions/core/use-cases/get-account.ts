import type { Account } from '../domain/account';
import { verifyEmail } from '../domain/onboarding';
import { SUSPENSION_NOTICES } from '../domain/suspension-notices';
import { ForbiddenError, NotFoundError } from '../errors';
import { ConcurrentUpdateError, type AccountReads, type KnownRecipient } from '../ports';
import { accountView } from './account-view';
import type { Dependencies } from './dependencies';
import * as problemDetails from '../i18n/details/compiled/index';

/**
 * The caller's account. 404 when there is none (a sign-in whose sign-up never wrote its account: signing up
 * again finishes it); 403 `account-suspended` while identity reconciliation has suspended it (its sign-in was
 * disabled; a token issued before still reaches the API until it expires).
 */
export async function loadAccount(deps: Pick<Dependencies, 'accounts'>, userId: string): Promise<Account> {
  return usableAccount(await deps.accounts.getAccount(userId));
}

/** The account as read (with other items: AccountStore.readAccountWith), refused as loadAccount refuses it. */
export function usableAccount(account: Account | undefined): Account {
  if (!account)
    throw new NotFoundError('No Portico account belongs to this sign-in. Sign up first.').keyed('noAccount');
  if (account.suspension) {
    throw new ForbiddenError('account-suspended', SUSPENSION_NOTICES[account.suspension.reason], {
      reason: account.suspension.reason,
    }).keyed(problemDetails.accountSuspended, { reason: account.suspension.reason });
  }
  return account;
}

/**
 * The caller's account, its state, next step and access level: where to resume. If the account still waits
 * for verification while the caller's Cognito token says the email is verified (a verification whose last
 * write failed), the account catches up here. A person waiting for an organization review sees its stage.
 */
export async function getAccount(
  deps: Pick<Dependencies, 'accounts' | 'requests' | 'suppressions' | 'clock' | 'portalUrl' | 'locale'>,
  caller: { readonly userId: string; readonly emailVerified: boolean },
) {
  const account = await loadAccount(deps, caller.userId);
  // Portico emails nothing to a suppressed address: the person sees why here, and nowhere else. Read beside the
  // organization request, if any: both follow from the account alone.
  const [suppression, request] = await Promise.all([
    deps.suppressions.find(account.email),
    account.organizationRequestId ? deps.requests.getRequest(account.organizationRequestId) : undefined,
  ]);
  if (account.organizationRequestId) return accountView(account, deps, request, suppression);
  if (account.state !== 'VERIFY_EMAIL' || !caller.emailVerified) {
    return accountView(account, deps, undefined, suppression);
  }
  const verified = verifyEmail(account, deps.clock.now());
  try {
    await deps.accounts.saveAccount(verified, account.revision);
    return accountView(verified, deps, undefined, suppression);
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    return accountView(await loadAccount(deps, caller.userId), deps, undefined, suppression);
  }
}

/** The suppression of `email` if `reads` holds it (for Mailer.send), else undefined: the mailer reads it. */
export function knownRecipient(reads: AccountReads, email: string): KnownRecipient | undefined {
  return reads.suppressions.has(email) ? { suppression: reads.suppressions.get(email) } : undefined;
}
