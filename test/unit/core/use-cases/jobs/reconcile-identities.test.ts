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

  describe('the backfill of address items (accounts verified before them)', () => {
    const verified = (userId: string, changes: Parameters<typeof anAccount>[0] = {}) =>
      accounts.seedAccount(anAccount({ userId, email: `${userId}@acme.example`, ...changes }));

    it('claims the item of a verified account once, records it on the account, and writes nothing on the next pass', async () => {
      verified('old', { state: 'ACTIVE', organizationId: 'org-acme', role: 'MEMBER', revision: 7 });
      identities.addUser({ userId: 'old' });

      const first = await reconcileIdentities(deps, ALL_THE_TIME);

      expect(accounts.addressOwner('old@acme.example')).toBe('old');
      // The flag alone: the revision is untouched, so no concurrent write of the person's is refused for it.
      expect(accounts.storedAccount('old')).toMatchObject({ ownsAddressItem: true, revision: 7 });
      expect(first).toMatchObject({ backfilledAddressItems: 1, done: 1, failed: 0 });

      const claim = accounts.claimAddress.bind(accounts);
      let claims = 0;
      accounts.claimAddress = async (...args) => {
        claims += 1;
        return claim(...args);
      };
      const second = await reconcileIdentities(deps, ALL_THE_TIME);
      expect(second).toMatchObject({ backfilledAddressItems: 0, done: 0 });
      expect(claims).toBe(0);
    });

    it('leaves unverified accounts, accounts whose sign-in has another address now, and sign-ins removed', async () => {
      verified('unverified', { state: 'VERIFY_EMAIL' });
      identities.addUser({ userId: 'unverified' });
      verified('moving');
      identities.addUser({ userId: 'moving', email: 'moving-new@acme.example' });

      const report = await reconcileIdentities(deps, ALL_THE_TIME);

      expect(report).toMatchObject({ backfilledAddressItems: 0 });
      expect(accounts.addressOwner('unverified@acme.example')).toBeUndefined();
      expect(accounts.addressOwner('moving@acme.example')).toBeUndefined();
      expect(accounts.storedAccount('moving')?.ownsAddressItem).toBeUndefined();
    });

    it('matches the address in any letter case, as Cognito keeps what was typed', async () => {
      verified('dana');
      identities.addUser({ userId: 'dana', email: 'Dana@Acme.example' });

      await reconcileIdentities(deps, ALL_THE_TIME);

      expect(accounts.addressOwner('dana@acme.example')).toBe('dana');
    });

    it('takes over a stale item (its owner has another address now), but not one naming another account of the same address', async () => {
      verified('stale-owner', { email: 'elsewhere@acme.example' });
      accounts.seedAddressOwner('live@acme.example', 'stale-owner');
      verified('live');
      identities.addUser({ userId: 'live' });
      verified('twin', { email: 'contested@acme.example' });
      verified('contested');
      accounts.seedAddressOwner('contested@acme.example', 'twin');
      identities.addUser({ userId: 'contested' });

      const report = await reconcileIdentities(deps, ALL_THE_TIME);

      expect(accounts.addressOwner('live@acme.example')).toBe('live');
      expect(accounts.storedAccount('live')?.ownsAddressItem).toBe(true);
      expect(accounts.addressOwner('contested@acme.example')).toBe('twin');
      expect(accounts.storedAccount('contested')?.ownsAddressItem).toBeUndefined();
      expect(report).toMatchObject({ backfilledAddressItems: 1, failed: 0 });
    });

    it('does not mark an account whose address changed between the claim and the mark', async () => {
      verified('racer');
      identities.addUser({ userId: 'racer' });
      const claim = accounts.claimAddress.bind(accounts);
      accounts.claimAddress = async (...args) => {
        const answer = await claim(...args);
        const account = accounts.storedAccount('racer');
        if (account) accounts.seedAccount({ ...account, email: 'racer-new@acme.example' });
        return answer;
      };

      const report = await reconcileIdentities(deps, ALL_THE_TIME);

      expect(report).toMatchObject({ backfilledAddressItems: 0 });
      expect(accounts.storedAccount('racer')?.ownsAddressItem).toBeUndefined();
    });

    it('counts a failed claim and tries again at the next pass', async () => {
      verified('flaky');
      identities.addUser({ userId: 'flaky' });
      accounts.failNext('claimAddress', new Error('throttled'));

      expect(await reconcileIdentities(deps, ALL_THE_TIME)).toMatchObject({ failed: 1 });
      expect(await reconcileIdentities(deps, ALL_THE_TIME)).toMatchObject({ backfilledAddressItems: 1 });
      expect(accounts.addressOwner('flaky@acme.example')).toBe('flaky');
    });
  });
});
