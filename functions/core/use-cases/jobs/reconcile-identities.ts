import type { Account } from '../../domain/account';
import { normalizeEmail } from '../../domain/email-address';
import {
  repairOf,
  suspended,
  unsuspended,
  type DriftRules,
  type PoolUser,
} from '../../domain/identity-drift';
import { logger } from '../../logger';
import {
  ConcurrentUpdateError,
  InvalidCursorError,
  type AddressBackfillStore,
  type Clock,
  type IdentityDirectory,
  type AdministratorDirectory,
  type JobCursorStore,
} from '../../ports';
import type { JobBudget, JobReport } from './due-work';

export const RECONCILE_IDENTITIES_JOB = 'reconcile-identities';

export interface ReconciliationDependencies {
  readonly accounts: AddressBackfillStore;
  readonly identities: IdentityDirectory;
  readonly administrators: AdministratorDirectory;
  readonly cursors: JobCursorStore;
  readonly clock: Clock;
  readonly driftRules: DriftRules;
}

export interface ReconciliationReport extends JobReport {
  /** Users of the pool looked at in this run. */
  readonly checked: number;
  readonly removedIdentities: number;
  readonly suspendedAccounts: number;
  readonly liftedSuspensions: number;
  /** Address items claimed for accounts verified before they existed (the backfill, docs/identity.md). */
  readonly backfilledAddressItems: number;
  /** Organizations none of whose administrators can sign in (flagged to operators). */
  readonly organizationsWithoutUsableAdministrator: readonly string[];
  /** Whether this run finished a whole pass over the pool. */
  readonly passCompleted: boolean;
}

/**
 * The reconcile-identities job (domain/identity-drift.ts has the rules). Main path: page through the user
 * pool from where the last run stopped (the cursor is kept in the table, so a pass over 100k users spans as
 * many runs as the Lambda time budget needs) → read each page's accounts (GetItem each, in parallel) → apply
 * each repair → keep the cursor; a pass that ends clears it, and the next run starts a new one.
 * Each verified account that does not record its address item yet (verified before address items existed, or by
 * a password reset) has it claimed, once: then a re-sign-up of the address after its Cognito user is lost
 * re-links the account instead of making a new person (backfillAddressItem).
 * Every suspension of an administrator checks the organization's administrators; an organization left with
 * none who can sign in is logged with `metric: "OrganizationWithoutUsableAdministrator"` and reported.
 * Failure paths: one user's repair failing is logged and counted, and retried at the next pass; a cursor the
 * pool no longer accepts starts the pass over; the job is idempotent (each repair re-reads what it changes).
 */
export async function reconcileIdentities(
  deps: ReconciliationDependencies,
  budget: JobBudget,
): Promise<ReconciliationReport> {
  const now = deps.clock.now();
  const operators = await deps.identities.operatorIds();
  let cursor = await deps.cursors.get(RECONCILE_IDENTITIES_JOB);
  const counts = { checked: 0, done: 0, failed: 0, removed: 0, suspended: 0, lifted: 0, backfilled: 0 };
  const flagged = new Set<string>();

  for (;;) {
    if (!budget.hasTimeLeft()) {
      await deps.cursors.save(RECONCILE_IDENTITIES_JOB, cursor);
      return report(counts, flagged, { unfinished: true, passCompleted: false });
    }
    let page: Awaited<ReturnType<IdentityDirectory['listUsers']>>;
    try {
      page = await deps.identities.listUsers(cursor);
    } catch (error) {
      if (!(error instanceof InvalidCursorError) || cursor === undefined) throw error;
      logger.warn('identity reconciliation cursor refused; starting the pass over');
      cursor = undefined;
      continue;
    }
    const accounts = await Promise.all(page.users.map((user) => deps.accounts.getAccount(user.userId)));
    await Promise.all(
      page.users.map(async (user, index) => {
        counts.checked += 1;
        try {
          const repaired = await repair(
            deps,
            user,
            accounts[index],
            operators.has(user.userId),
            now,
            flagged,
          );
          if (repaired) counts[repaired] += 1;
          if (repaired) counts.done += 1;
          if (repaired !== 'removed' && (await backfillAddressItem(deps, user, accounts[index], now))) {
            counts.backfilled += 1;
            counts.done += 1;
          }
        } catch (error) {
          counts.failed += 1;
          logger.error('identity repair failed; the next pass tries again', { error, userId: user.userId });
        }
      }),
    );
    cursor = page.cursor;
    if (cursor === undefined) {
      await deps.cursors.save(RECONCILE_IDENTITIES_JOB, undefined);
      return report(counts, flagged, { unfinished: false, passCompleted: true });
    }
  }
}

async function repair(
  deps: ReconciliationDependencies,
  user: PoolUser,
  account: Account | undefined,
  isOperator: boolean,
  now: Date,
  flagged: Set<string>,
): Promise<'removed' | 'suspended' | 'lifted' | undefined> {
  const action = repairOf(user, account, { now, isOperator, rules: deps.driftRules });
  switch (action.kind) {
    case 'NONE':
      // An administrator suspended earlier: every pass reports their organization while it has nobody else.
      if (account?.suspension) await flagIfNoUsableAdministrator(deps, account, flagged);
      return undefined;
    case 'REMOVE_IDENTITY_WITHOUT_ACCOUNT':
      // Read again: a sign-up may have written the account since the page was read.
      if (await deps.accounts.getAccount(user.userId)) return undefined;
      await deps.identities.deleteUser(user.username);
      logger.info('removed a sign-in without an account', { userId: user.userId });
      return 'removed';
    case 'SUSPEND': {
      if (!account) return undefined;
      await saveUnlessChanged(deps, suspended(account, action.reason, now), account.revision);
      logger.warn('account suspended: its sign-in is disabled', {
        userId: user.userId,
        reason: action.reason,
      });
      await flagIfNoUsableAdministrator(deps, account, flagged);
      return 'suspended';
    }
    case 'LIFT_SUSPENSION':
      if (!account) return undefined;
      await saveUnlessChanged(deps, unsuspended(account, now), account.revision);
      logger.info('account suspension lifted: its sign-in is enabled again', { userId: user.userId });
      return 'lifted';
  }
}

/**
 * The backfill of address items: a verified account whose Cognito user is in the pool under its address, and
 * which does not record its address item, gets it claimed (one conditional PutItem), then records it (one
 * UpdateItem of the flag alone): two writes once per such account, nothing on later passes. An item that names
 * another user is taken over when that user's account is gone or has another address now (stale, as
 * verification does); an item naming another account that still has this address is left, with a warning (two
 * accounts of one address: an operator decides). Answers whether the item was claimed.
 */
async function backfillAddressItem(
  deps: ReconciliationDependencies,
  user: PoolUser,
  account: Account | undefined,
  now: Date,
): Promise<boolean> {
  if (!account || account.state === 'VERIFY_EMAIL' || account.ownsAddressItem) return false;
  // Mid-change of address (the pool and the account disagree for a moment): the next pass decides.
  if (user.email === undefined || normalizeEmail(user.email) !== account.email) return false;
  const { email, userId } = account;
  const claim = await deps.accounts.claimAddress(email, userId, now);
  if (!claim.claimed) {
    const owner = await deps.accounts.getAccount(claim.ownerId);
    if (owner?.email === email) {
      logger.warn('address item names another account of the same address; left as it is', {
        userId,
        ownerId: claim.ownerId,
      });
      return false;
    }
    const taken = await deps.accounts.claimAddress(email, userId, now, claim.ownerId);
    if (!taken.claimed) return false; // changed meanwhile: the next pass looks again
  }
  return deps.accounts.markAddressItemOwned(userId, email);
}

async function saveUnlessChanged(deps: ReconciliationDependencies, next: Account, revision: number) {
  try {
    await deps.accounts.saveAccount(next, revision);
  } catch (error) {
    // Changed meanwhile (the person moved on): the next pass decides on the new state.
    if (!(error instanceof ConcurrentUpdateError)) throw error;
  }
}

async function flagIfNoUsableAdministrator(
  deps: ReconciliationDependencies,
  account: Account,
  flagged: Set<string>,
): Promise<void> {
  const organizationId = account.organizationId;
  if (account.role !== 'ADMINISTRATOR' || !organizationId || flagged.has(organizationId)) return;
  if (await hasUsableAdministrator(deps, organizationId)) return;
  flagged.add(organizationId);
  logger.warn('organization has no administrator who can sign in', {
    metric: 'OrganizationWithoutUsableAdministrator',
    organizationId,
  });
}

/** Whether any administrator of the organization has an account that is not suspended. */
async function hasUsableAdministrator(deps: ReconciliationDependencies, organizationId: string) {
  for (const userId of await deps.administrators.administratorIds(organizationId)) {
    const account = await deps.accounts.getAccount(userId);
    if (account && !account.suspension) return true;
  }
  return false;
}

function report(
  counts: {
    checked: number;
    done: number;
    failed: number;
    removed: number;
    suspended: number;
    lifted: number;
    backfilled: number;
  },
  flagged: ReadonlySet<string>,
  end: { unfinished: boolean; passCompleted: boolean },
): ReconciliationReport {
  return {
    done: counts.done,
    failed: counts.failed,
    unfinished: end.unfinished,
    checked: counts.checked,
    removedIdentities: counts.removed,
    suspendedAccounts: counts.suspended,
    liftedSuspensions: counts.lifted,
    backfilledAddressItems: counts.backfilled,
    organizationsWithoutUsableAdministrator: [...flagged].sort(),
    passCompleted: end.passCompleted,
  };
}
