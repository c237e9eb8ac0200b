import type { Account } from '../../domain/account';
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
  type AccountStore,
  type Clock,
  type IdentityDirectory,
  type AdministratorDirectory,
  type JobCursorStore,
} from '../../ports';
import type { JobBudget, JobReport } from './due-work';

export const RECONCILE_IDENTITIES_JOB = 'reconcile-identities';

export interface ReconciliationDependencies {
  readonly accounts: AccountStore;
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
  const counts = { checked: 0, done: 0, failed: 0, removed: 0, suspended: 0, lifted: 0 };
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
    organizationsWithoutUsableAdministrator: [...flagged].sort(),
    passCompleted: end.passCompleted,
  };
}
