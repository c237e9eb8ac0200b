import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../functions/core/ports';
import { signUp } from '../../../../functions/core/use-cases/sign-up';
import { verifyEmail } from '../../../../functions/core/use-cases/verify-email';
import { organizationIdFor } from '../../../../functions/core/domain/organization-request';
import { applyApproval } from '../../../../functions/core/use-cases/review/apply-outcome';
import {
  acknowledgeRequest,
  createPendingOrganization,
  validateRequest,
} from '../../../../functions/core/use-cases/review/review-tasks';
import { codeIn, fakeWorld, type FakeWorld } from '../../fakes';
import { anAccount, anOrganization } from '../../fixtures';
import { decide, submitAs } from './review/scenario';

/** Issue 21: a person who signs up again with an address whose old account exists gets that account back. */

const EMAIL = 'ada@acme.example';
const ADA = {
  email: EMAIL,
  password: 'Correct-Horse-42',
  firstName: 'Ada',
  lastName: 'Lovelace',
  country: 'GB',
};

let world: FakeWorld;

/** Signs Ada up and verifies her address; answers her userId. */
async function signUpAndVerify(): Promise<string> {
  await signUp(world.deps, ADA);
  await verifyEmail(world.deps, { email: EMAIL, code: codeIn(world.mailer.lastSentTo(EMAIL)) });
  return world.identity.user(EMAIL)?.userId ?? '';
}

/** Makes Ada's verified account the administrator of Acme, with Grace as a second member. */
function makeAdministrator(userId: string): void {
  const account = world.accounts.storedAccount(userId);
  if (!account) throw new Error('no account');
  world.accounts.seedAccount({
    ...account,
    state: 'ACTIVE',
    accessType: 'CUSTOMER_EMPLOYEE',
    organizationId: 'org-acme',
    organizationName: 'Acme Industries',
    role: 'ADMINISTRATOR',
    revision: account.revision + 3,
  });
  world.accounts.seedMembership({
    organizationId: 'org-acme',
    userId,
    role: 'ADMINISTRATOR',
    joinedAt: '2025-03-03T09:00:00.000Z',
  });
  world.accounts.seedMembership({
    organizationId: 'org-acme',
    userId: 'user-grace',
    role: 'MEMBER',
    joinedAt: '2025-03-03T10:00:00.000Z',
  });
}

beforeEach(() => {
  world = fakeWorld({ organizations: [anOrganization({ memberCount: 2, administratorCount: 1 })] });
});

describe('verifyEmail claims the address', () => {
  it('records who proved the address', async () => {
    const userId = await signUpAndVerify();

    expect(world.accounts.addressOwner(EMAIL)).toBe(userId);
    // Recorded on the account in the same write, so reconciliation's backfill never claims it again.
    expect(world.accounts.storedAccount(userId)?.ownsAddressItem).toBe(true);
  });
});

describe('signing up again after the Cognito user was deleted', () => {
  it('gives the old account back: same organization, still administrator, counts unchanged', async () => {
    const oldId = await signUpAndVerify();
    makeAdministrator(oldId);
    await world.identity.deleteUser(oldId);
    world.clock.advanceMinutes(10);

    await signUp(world.deps, { ...ADA, password: 'Another-Horse-43', firstName: 'Ada B.' });
    const newId = world.identity.user(EMAIL)?.userId ?? '';
    expect(newId).not.toBe(oldId);
    const view = await verifyEmail(world.deps, {
      email: EMAIL,
      code: codeIn(world.mailer.lastSentTo(EMAIL)),
    });

    expect(view).toMatchObject({ email: EMAIL, state: 'ACTIVE', accessLevel: 'FULL' });
    expect(world.accounts.storedAccount(oldId)).toBeUndefined();
    expect(world.accounts.storedAccount(newId)).toMatchObject({
      userId: newId,
      state: 'ACTIVE',
      organizationId: 'org-acme',
      role: 'ADMINISTRATOR',
      firstName: 'Ada',
    });
    const memberships = world.accounts.storedMemberships();
    expect(memberships.map((m) => m.userId).sort()).toEqual([newId, 'user-grace'].sort());
    expect(memberships.find((m) => m.userId === newId)).toMatchObject({
      role: 'ADMINISTRATOR',
      joinedAt: '2025-03-03T09:00:00.000Z',
    });
    expect(world.organizations.stored('org-acme')).toMatchObject({ memberCount: 2, administratorCount: 1 });
    expect(world.accounts.addressOwner(EMAIL)).toBe(newId);
    expect(world.accounts.storedAccount(newId)?.ownsAddressItem).toBe(true);
  });

  it('lifts a suspension the old account had (its disabled user is gone; the new one is enabled)', async () => {
    const oldId = await signUpAndVerify();
    makeAdministrator(oldId);
    const account = world.accounts.storedAccount(oldId);
    if (!account) throw new Error('no account');
    world.accounts.seedAccount({
      ...account,
      suspension: { reason: 'IDENTITY_DISABLED', since: '2025-03-03T11:00:00.000Z' },
    });
    await world.identity.deleteUser(oldId);
    world.clock.advanceMinutes(10);

    await signUp(world.deps, ADA);
    await verifyEmail(world.deps, { email: EMAIL, code: codeIn(world.mailer.lastSentTo(EMAIL)) });

    const newId = world.identity.user(EMAIL)?.userId ?? '';
    expect(world.accounts.storedAccount(newId)?.suspension).toBeUndefined();
  });

  it('answers the same code sent again with the re-linked account, changing nothing', async () => {
    const oldId = await signUpAndVerify();
    makeAdministrator(oldId);
    await world.identity.deleteUser(oldId);
    world.clock.advanceMinutes(10);
    await signUp(world.deps, ADA);
    const code = codeIn(world.mailer.lastSentTo(EMAIL));
    await verifyEmail(world.deps, { email: EMAIL, code });
    const newId = world.identity.user(EMAIL)?.userId ?? '';
    const account = world.accounts.storedAccount(newId);

    const again = await verifyEmail(world.deps, { email: EMAIL, code });

    expect(again).toMatchObject({ state: 'ACTIVE' });
    expect(world.accounts.storedAccount(newId)).toEqual(account);
  });

  it('answers 409 and gives the try back when the old account changes meanwhile; the retry re-links', async () => {
    const oldId = await signUpAndVerify();
    makeAdministrator(oldId);
    await world.identity.deleteUser(oldId);
    world.clock.advanceMinutes(10);
    await signUp(world.deps, ADA);
    const code = codeIn(world.mailer.lastSentTo(EMAIL));
    world.accounts.failNext('relinkAccount', new ConcurrentUpdateError('changed'));
    const before = world.accounts.storedCodeState(EMAIL);

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).rejects.toBeInstanceOf(ConflictError);
    expect(world.accounts.storedCodeState(EMAIL)?.attempts).toBe(before?.attempts);

    await expect(verifyEmail(world.deps, { email: EMAIL, code })).resolves.toMatchObject({ state: 'ACTIVE' });
    expect(world.accounts.storedAccount(oldId)).toBeUndefined();
  });
});

describe('an address item that is stale is taken over', () => {
  it('when the owner account is gone (erased): a new person, nothing re-linked', async () => {
    world.accounts.seedAddressOwner(EMAIL, 'user-gone');

    const userId = await signUpAndVerify();

    expect(world.accounts.storedAccount(userId)).toMatchObject({ state: 'CHOOSE_ACCESS_TYPE' });
    expect(world.accounts.addressOwner(EMAIL)).toBe(userId);
  });

  it('when the owner account has another address now (it changed its email)', async () => {
    world.accounts.seedAccount(anAccount({ userId: 'user-moved', email: 'ada@elsewhere.example' }));
    world.accounts.seedAddressOwner(EMAIL, 'user-moved');

    const userId = await signUpAndVerify();

    expect(world.accounts.storedAccount('user-moved')).toMatchObject({ email: 'ada@elsewhere.example' });
    expect(world.accounts.addressOwner(EMAIL)).toBe(userId);
  });

  it('when the owner still has a user (not expected: one address, one user), never re-linking it', async () => {
    world.accounts.seedAccount(anAccount({ userId: 'user-other', email: EMAIL, state: 'ACTIVE' }));
    world.identity.addUser({
      userId: 'user-other',
      email: 'someone@else.example',
      emailVerified: true,
      password: 'x',
      firstName: 'A',
      lastName: 'B',
    });
    world.accounts.seedAddressOwner(EMAIL, 'user-other');

    const userId = await signUpAndVerify();

    expect(world.accounts.storedAccount('user-other')).toMatchObject({ state: 'ACTIVE' });
    expect(world.accounts.storedAccount(userId)).toMatchObject({ state: 'CHOOSE_ACCESS_TYPE' });
    expect(world.accounts.addressOwner(EMAIL)).toBe(userId);
  });
});

describe('signing up again while the old account waits on an organization request', () => {
  it('moves the requester to the re-linked account in the same write, so the approval reaches it', async () => {
    world = fakeWorld(); // nobody owns acme.example: Ada submits it for review
    const oldId = await signUpAndVerify();
    const { requestId } = await submitAs(world, { userId: oldId, email: EMAIL, firstName: 'Ada' });
    await validateRequest(world.deps, requestId);
    await createPendingOrganization(world.deps, requestId);
    await acknowledgeRequest(world.deps, requestId);
    expect(world.requests.storedRequest(requestId)?.acknowledged).toEqual([oldId]);
    await world.identity.deleteUser(oldId);
    world.clock.advanceMinutes(10);

    await signUp(world.deps, { ...ADA, password: 'Another-Horse-43' });
    const newId = world.identity.user(EMAIL)?.userId ?? '';
    const view = await verifyEmail(world.deps, {
      email: EMAIL,
      code: codeIn(world.mailer.lastSentTo(EMAIL)),
    });

    expect(view).toMatchObject({ state: 'PENDING_ORGANIZATION' });
    const request = world.requests.storedRequest(requestId);
    expect(request?.requesters.map((requester) => requester.userId)).toEqual([newId]);
    expect(request?.requesters[0]).toMatchObject({ email: EMAIL, firstName: 'Ada' });
    expect(request?.acknowledged).toEqual([newId]);
    expect(request?.history.at(-1)).toMatchObject({ event: 'REQUESTER_RELINKED', by: EMAIL });

    await decide(world, requestId, { outcome: 'APPROVE' });
    await applyApproval(world.deps, requestId);

    expect(world.accounts.storedAccount(newId)).toMatchObject({
      state: 'ACTIVE',
      organizationId: organizationIdFor(requestId),
      role: 'ADMINISTRATOR',
    });
    expect(world.accounts.storedAccount(oldId)).toBeUndefined();
    expect(world.accounts.storedMemberships().map((membership) => membership.userId)).toEqual([newId]);
  });
});
