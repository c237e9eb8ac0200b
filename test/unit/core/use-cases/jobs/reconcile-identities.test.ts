import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DRIFT_RULES, repairOf } from '../../../../../functions/core/domain/identity-drift';
import {
  reconcileIdentities,
  RECONCILE_IDENTITIES_JOB,
  type ReconciliationDependencies,
} from '../../../../../functions/core/use-cases/jobs/reconcile-identities';
import { FixedClock, InMemoryAccountStore, InMemoryOrganizationDirectory } from '../../../fakes';
import { anAccount, anOrganization } from '../../../fixtures';
import {
  FakeIdentityDirectory,
  InMemoryJobCursorStore,
  MembershipAdministrators,
} from '../../../identity-fakes';
import { FakeMemberDirectory } from '../../../portal-settings.fake';

const NOW = '2026-12-05T10:00:00.000Z';
const LONG_AGO = new Date('2026-12-01T00:00:00.000Z');
const ALL_THE_TIME = { pageSize: 50, hasTimeLeft: () => true };

let accounts: InMemoryAccountStore;
let identities: FakeIdentityDirectory;
let members: FakeMemberDirectory;
let cursors: InMemoryJobCursorStore;
let deps: ReconciliationDependencies;

beforeEach(() => {
  const organizations = new InMemoryOrganizationDirectory([anOrganization()]);
  accounts = new InMemoryAccountStore(organizations);
  identities = new FakeIdentityDirectory(2);
  members = new FakeMemberDirectory(accounts, organizations);
  cursors = new InMemoryJobCursorStore();
  deps = {
    accounts,
    identities,
    administrators: new MembershipAdministrators(accounts),
    cursors,
    clock: new FixedClock(NOW),
    driftRules: DEFAULT_DRIFT_RULES,
  };
});

const active = (userId: string, role: 'ADMINISTRATOR' | 'MEMBER') =>
  anAccount({ userId, email: `${userId}@acme.example`, state: 'ACTIVE', organizationId: 'org-acme', role });

describe('repairOf (the drift rules)', () => {
  const context = { now: new Date(NOW), isOperator: false, rules: DEFAULT_DRIFT_RULES };
  const user = { userId: 'u', username: 'u', enabled: true, createdAt: LONG_AGO };

  it('removes a sign-in without an account only after the grace period, and never an operator’s', () => {
    expect(repairOf(user, undefined, context).kind).toBe('REMOVE_IDENTITY_WITHOUT_ACCOUNT');
    expect(repairOf({ ...user, createdAt: new Date(NOW) }, undefined, context).kind).toBe('NONE');
    expect(repairOf(user, undefined, { ...context, isOperator: true }).kind).toBe('NONE');
  });

  it('suspends a verified account whose sign-in is disabled, not an unverified one, and lifts it once enabled', () => {
    const disabled = { ...user, enabled: false };
    expect(repairOf(disabled, anAccount({ state: 'ACTIVE' }), context)).toEqual({
      kind: 'SUSPEND',
      reason: 'IDENTITY_DISABLED',
    });
    expect(repairOf(disabled, anAccount({ state: 'VERIFY_EMAIL' }), context).kind).toBe('NONE');
    const suspendedAccount = anAccount({ suspension: { reason: 'IDENTITY_DISABLED', since: NOW } });
    expect(repairOf(disabled, suspendedAccount, context).kind).toBe('NONE');
    expect(repairOf(user, suspendedAccount, context).kind).toBe('LIFT_SUSPENSION');
  });
});

describe('reconcileIdentities', () => {
  it('removes old sign-ins without an account, keeps recent ones, operators and everyone with an account', async () => {
    identities.addUser({ userId: 'orphan-old', createdAt: LONG_AGO });
    identities.addUser({ userId: 'orphan-new', createdAt: new Date(NOW) });
    identities.addUser({ userId: 'operator', createdAt: LONG_AGO });
    identities.operators.add('operator');
    identities.addUser({ userId: 'ada', createdAt: LONG_AGO });
    accounts.seedAccount(anAccount({ userId: 'ada' }));

    const report = await reconcileIdentities(deps, ALL_THE_TIME);

    expect(identities.deleted).toEqual(['orphan-old']);
    expect(report).toMatchObject({
      checked: 4,
      removedIdentities: 1,
      passCompleted: true,
      unfinished: false,
    });
    expect(cursors.cursors.size).toBe(0);
  });

  it('suspends the account of a disabled sign-in, flags an organization left without a usable administrator, and lifts it on enabling', async () => {
    members.addMember(active('admin', 'ADMINISTRATOR')).addMember(active('member', 'MEMBER'));
    identities.addUser({ userId: 'admin', enabled: false });
    identities.addUser({ userId: 'member' });

    const first = await reconcileIdentities(deps, ALL_THE_TIME);

    expect(accounts.storedAccount('admin')?.suspension).toEqual({ reason: 'IDENTITY_DISABLED', since: NOW });
    expect(accounts.storedAccount('admin')?.organizationId).toBe('org-acme');
    expect(first).toMatchObject({
      suspendedAccounts: 1,
      organizationsWithoutUsableAdministrator: ['org-acme'],
    });

    // Still flagged at every pass while nothing changes.
    const second = await reconcileIdentities(deps, ALL_THE_TIME);
    expect(second).toMatchObject({
      suspendedAccounts: 0,
      organizationsWithoutUsableAdministrator: ['org-acme'],
    });

    identities.setEnabled('admin', true);
    const third = await reconcileIdentities(deps, ALL_THE_TIME);
    expect(accounts.storedAccount('admin')?.suspension).toBeUndefined();
    expect(third).toMatchObject({ liftedSuspensions: 1, organizationsWithoutUsableAdministrator: [] });
  });

  it('does not flag an organization that still has another administrator who can sign in', async () => {
    members.addMember(active('admin1', 'ADMINISTRATOR')).addMember(active('admin2', 'ADMINISTRATOR'));
    identities.addUser({ userId: 'admin1', enabled: false });
    identities.addUser({ userId: 'admin2' });

    const report = await reconcileIdentities(deps, ALL_THE_TIME);

    expect(report).toMatchObject({ suspendedAccounts: 1, organizationsWithoutUsableAdministrator: [] });
  });

  it('stops at its time budget, keeps its place, and the next run finishes the pass', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) identities.addUser({ userId: id, createdAt: LONG_AGO });
    let pages = 0;
    const twoPages = { pageSize: 50, hasTimeLeft: () => pages++ < 2 };

    const first = await reconcileIdentities(deps, twoPages);

    expect(first).toMatchObject({ checked: 4, unfinished: true, passCompleted: false });
    expect(cursors.cursors.get(RECONCILE_IDENTITIES_JOB)).toBe('after:d');
    const second = await reconcileIdentities(deps, ALL_THE_TIME);
    expect(second).toMatchObject({ checked: 1, passCompleted: true });
    expect(identities.deleted).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('starts the pass over when the pool refuses the kept cursor', async () => {
    identities.addUser({ userId: 'a', createdAt: LONG_AGO });
    await cursors.save(RECONCILE_IDENTITIES_JOB, 'expired-token');

    const report = await reconcileIdentities(deps, ALL_THE_TIME);

    expect(identities.pagesRead).toEqual(['expired-token', undefined]);
    expect(report).toMatchObject({ checked: 1, passCompleted: true });
  });

  it('does not remove a sign-in whose account was written after the page was read', async () => {
    identities.addUser({ userId: 'racer', createdAt: LONG_AGO });
    const getAccount = accounts.getAccount.bind(accounts);
    let reads = 0;
    accounts.getAccount = async (userId) => {
      reads += 1;
      if (reads === 2) accounts.seedAccount(anAccount({ userId }));
      return getAccount(userId);
    };

    await reconcileIdentities(deps, ALL_THE_TIME);

    expect(identities.deleted).toEqual([]);
  });
});
