import type { Account } from './account';

/**
 * Drift between the user pool (Cognito, who can sign in) and the accounts (DynamoDB, what they may do), and
 * the one rule Portico applies to each (docs/identity.md, "Reconciliation"). Pure: the reconcile-identities
 * job reads both sides and applies what this answers.
 *
 * - A Cognito user without an account, created longer ago than the grace period, is removed: it can hold no
 *   access (access lives in the account) and it blocks nothing but a new sign-up of the address, which then
 *   works. The grace period covers a sign-up between its two writes. Operators (the `operators` group) have no
 *   account on purpose and are never touched.
 * - A verified account whose Cognito user is disabled (by an administrator in the AWS console) is suspended,
 *   not removed: its organization, role and history stay, the API refuses it while suspended, and enabling the
 *   user again lifts the suspension at the next pass. Removing would make the console's reversible "disable"
 *   an irreversible erasure; keeping the seat keeps the organization whole.
 * - Every suspension of an administrator checks the organization: if none of its administrators can sign in
 *   any more, the organization is flagged to operators.
 */

/** Why an account is suspended. */
export type SuspensionReason = 'IDENTITY_DISABLED';

export interface AccountSuspension {
  readonly reason: SuspensionReason;
  readonly since: string;
}

/** What reconciliation needs of a user of the pool. */
export interface PoolUser {
  /** Cognito `sub`: the account's userId. */
  readonly userId: string;
  /** Cognito's username (what the admin API takes). */
  readonly username: string;
  readonly email?: string | undefined;
  readonly enabled: boolean;
  readonly createdAt: Date;
}

export type DriftRepair =
  | { readonly kind: 'NONE' }
  | { readonly kind: 'REMOVE_IDENTITY_WITHOUT_ACCOUNT' }
  | { readonly kind: 'SUSPEND'; readonly reason: SuspensionReason }
  | { readonly kind: 'LIFT_SUSPENSION' };

export interface DriftRules {
  /** How old a Cognito user without an account must be before it is removed. */
  readonly graceSeconds: number;
}

/** Six hours: far longer than any sign-up takes between its Cognito write and its account write. */
export const DEFAULT_DRIFT_RULES: DriftRules = { graceSeconds: 6 * 60 * 60 };

export function repairOf(
  user: PoolUser,
  account: Account | undefined,
  context: { readonly now: Date; readonly isOperator: boolean; readonly rules: DriftRules },
): DriftRepair {
  if (!account) {
    if (context.isOperator) return { kind: 'NONE' };
    const age = context.now.getTime() - user.createdAt.getTime();
    return age > context.rules.graceSeconds * 1000
      ? { kind: 'REMOVE_IDENTITY_WITHOUT_ACCOUNT' }
      : { kind: 'NONE' };
  }
  if (!user.enabled) {
    // An unverified account holds nothing yet; a disabled user simply cannot finish signing up.
    if (account.state === 'VERIFY_EMAIL' || account.suspension) return { kind: 'NONE' };
    return { kind: 'SUSPEND', reason: 'IDENTITY_DISABLED' };
  }
  if (account.suspension?.reason === 'IDENTITY_DISABLED') return { kind: 'LIFT_SUSPENSION' };
  return { kind: 'NONE' };
}

export function suspended(account: Account, reason: SuspensionReason, now: Date): Account {
  return {
    ...account,
    suspension: { reason, since: now.toISOString() },
    updatedAt: now.toISOString(),
    revision: account.revision + 1,
  };
}

export function unsuspended(account: Account, now: Date): Account {
  const { suspension: _lifted, ...rest } = account;
  return { ...rest, updatedAt: now.toISOString(), revision: account.revision + 1 };
}
