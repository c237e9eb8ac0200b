import { beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../../../functions/core/domain/account';
import { confirmEmailChange } from '../../../../../functions/core/use-cases/account/confirm-email-change';
import { deleteMyAccount } from '../../../../../functions/core/use-cases/account/delete-my-account';
import { finishErasures } from '../../../../../functions/core/use-cases/jobs/erasure-jobs';
import { requestEmailChange } from '../../../../../functions/core/use-cases/account/request-email-change';
import type { EmailMessage } from '../../../../../functions/core/ports';
import { aRegistration, aWaitingRequester, anOrganization, anOrganizationRequest } from '../../../fixtures';
import { aGroup, anActiveMember } from '../../../portal.fixtures';
import { portalWorld, type PortalWorld } from '../../../portal-settings.fake';

const PASSWORD = 'Correct-Horse-42';
const ACME = anOrganization({ domains: ['acme.example', 'acme-group.example'] });
const NORTHWIND = anOrganization({
  organizationId: 'org-northwind',
  name: 'Northwind',
  domains: ['northwind.example'],
});

let world: PortalWorld;
let ada: Account;

function changeCodeIn(message: EmailMessage): string {
  const match = /The code is (\d{6})\./.exec(message.text);
  if (!match?.[1]) throw new Error(`no code in "${message.subject}"`);
  return match[1];
}

function deps() {
  return { ...world.deps, accounts: world.accounts, settings: world.settings };
}

async function outcomeOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return 'done';
  } catch (error) {
    const { status, type } = error as { status?: number; type?: string };
    return { status, type };
  }
}

/** Ada (and, with `bob`, a colleague) active at Acme; Ada owns a private and a shared group. */
function seed(options: { adaRole?: 'MEMBER' | 'ADMINISTRATOR'; bob?: boolean } = {}) {
  world = portalWorld({ organizations: [ACME, NORTHWIND] });
  const user = world.identity.addUser({
    email: 'ada@acme.example',
    emailVerified: true,
    password: PASSWORD,
    firstName: 'Ada',
    lastName: 'Lovelace',
  });
  ada = anActiveMember({
    userId: user.userId,
    role: options.adaRole ?? 'ADMINISTRATOR',
    registration: aRegistration(),
  });
  world.members.addMember(ada);
  if (options.bob) {
    world.members.addMember(
      anActiveMember({ userId: 'user-bob', email: 'bob@acme.example', role: 'ADMINISTRATOR' }),
    );
  }
  world.settings
    .seedGroup(aGroup({ kind: 'FAMILIES', families: ['PowerEdge'] }, { ownerId: ada.userId }))
    .seedGroup(
      aGroup(
        { kind: 'FAMILIES', families: ['PowerEdge'] },
        { groupId: 'grp-0000000000000002', ownerId: ada.userId, shared: true },
      ),
    );
}

async function changeTo(newEmail: string) {
  await requestEmailChange(world.deps, { userId: ada.userId }, { newEmail, currentPassword: PASSWORD });
  const code = changeCodeIn(world.mailer.lastSentTo(newEmail));
  return confirmEmailChange(deps(), { userId: ada.userId }, { newEmail, code });
}

describe('change of email address', () => {
  beforeEach(() => seed({ bob: true }));

  it('sends the code to the new address and a notice to the old one, changing nothing yet', async () => {
    const answer = await requestEmailChange(
      world.deps,
      { userId: ada.userId },
      { newEmail: 'Ada@Northwind.example', currentPassword: PASSWORD },
    );

    expect(answer).toMatchObject({ status: 'CODE_SENT', newEmail: 'ada@northwind.example' });
    expect(world.mailer.lastSentTo('ada@northwind.example').subject).toMatch(/email change code/);
    expect(world.mailer.lastSentTo('ada@acme.example').subject).toMatch(/change .* was requested/);
    expect(world.accounts.storedAccount(ada.userId)?.email).toBe('ada@acme.example');
    expect(world.accounts.storedCodeState('ada@northwind.example')?.purpose).toBe('CHANGE_EMAIL');
  });

  it('forgets the count of wrong passwords in the code item write once the password was right', async () => {
    await outcomeOf(() =>
      requestEmailChange(
        world.deps,
        { userId: ada.userId },
        { newEmail: 'ada@northwind.example', currentPassword: 'Wrong-Horse-42' },
      ),
    );
    expect(world.accounts.storedPasswordAttempts(ada.userId)).toBeDefined();

    await requestEmailChange(
      world.deps,
      { userId: ada.userId, email: 'ada@acme.example' },
      { newEmail: 'ada@northwind.example', currentPassword: PASSWORD },
    );

    expect(world.accounts.storedPasswordAttempts(ada.userId)).toBeUndefined();
    expect(world.accounts.storedCodeState('ada@northwind.example')?.purpose).toBe('CHANGE_EMAIL');
  });

  it('keeps a member where they are at the same domain, even in an organization not owning it', async () => {
    const invited = { ...ada, organizationId: NORTHWIND.organizationId, organizationName: NORTHWIND.name };
    world.accounts.seedAccount(invited);
    ada = invited;

    const answer = await changeTo('lovelace@acme.example');

    expect(answer.account).toMatchObject({ email: 'lovelace@acme.example', state: 'ACTIVE' });
    expect(world.accounts.storedAccount(ada.userId)?.organizationId).toBe(NORTHWIND.organizationId);
    // The code was used up with the change: a second confirmation finds none.
    expect(world.accounts.storedCodeState('lovelace@acme.example')?.codeHash).toBeUndefined();
  });

  it('keeps the organization when it owns the new domain too: only the address moves', async () => {
    world.accounts.seedAddressOwner('ada@acme.example', ada.userId);
    // A stale item of the new address (an erased ghost's) is taken over: the code proved the mailbox.
    world.accounts.seedAddressOwner('ada@acme-group.example', 'user-ghost');

    const answer = await changeTo('ada@acme-group.example');

    expect(answer.account).toMatchObject({ email: 'ada@acme-group.example', state: 'ACTIVE' });
    expect(world.identity.user('ada@acme-group.example')?.userId).toBe(ada.userId);
    expect(world.identity.user('ada@acme.example')).toBeUndefined();
    expect(world.identity.signedOut).toEqual([ada.userId]);
    expect(world.mailer.lastSentTo('ada@acme.example').subject).toBe(
      'Your Portico email address was changed',
    );
    expect(world.settings.storedGroups()).toHaveLength(2);
    expect(world.organizations.stored('org-acme')).toMatchObject({ memberCount: 2, administratorCount: 2 });
    // The address items follow: a later re-sign-up of the new address finds this account.
    expect(world.accounts.addressOwner('ada@acme-group.example')).toBe(ada.userId);
    expect(world.accounts.addressOwner('ada@acme.example')).toBeUndefined();
  });

  it('leaves the old organization with exact counts, deletes own groups and joins the owner of the new domain', async () => {
    world.members.addMember(
      anActiveMember({
        userId: 'user-nora',
        email: 'nora@northwind.example',
        organizationId: 'org-northwind',
        organizationName: 'Northwind',
        role: 'ADMINISTRATOR',
      }),
    );

    const answer = await changeTo('ada@northwind.example');

    expect(answer.account).toMatchObject({
      state: 'ACTIVE',
      organization: { organizationId: 'org-northwind', role: 'MEMBER' },
    });
    expect(world.organizations.stored('org-acme')).toMatchObject({ memberCount: 1, administratorCount: 1 });
    expect(world.organizations.stored('org-northwind')).toMatchObject({ memberCount: 2 });
    expect(world.settings.storedGroups()).toEqual([]);
    expect(
      world.accounts
        .storedMemberships()
        .map((m) => `${m.organizationId}/${m.userId}`)
        .sort(),
    ).toEqual(['org-acme/user-bob', `org-northwind/${ada.userId}`, 'org-northwind/user-nora'].sort());
  });

  it('asks for an organization request when nobody owns the new domain, and stays limited on webmail', async () => {
    const answer = await changeTo('ada@harbour.example');
    expect(answer.account).toMatchObject({ state: 'ORGANIZATION_REQUIRED', accessLevel: 'LIMITED' });

    world.clock.advanceSeconds(3_600);
    const again = await changeTo('ada.lovelace@gmail.com');
    expect(again.account).toMatchObject({ state: 'REGISTER_BUSINESS', accessLevel: 'LIMITED' });
    expect(again.account.restrictions).not.toEqual([]);
  });

  it('refuses an address another user has (409) and a code confirmed by someone else', async () => {
    world.identity.addUser({
      email: 'taken@northwind.example',
      emailVerified: true,
      password: 'x',
      firstName: 'T',
      lastName: 'T',
    });
    expect(
      await outcomeOf(() =>
        requestEmailChange(
          world.deps,
          { userId: ada.userId },
          { newEmail: 'taken@northwind.example', currentPassword: PASSWORD },
        ),
      ),
    ).toEqual({ status: 409, type: 'email-address-taken' });

    await requestEmailChange(
      world.deps,
      { userId: ada.userId },
      { newEmail: 'ada@northwind.example', currentPassword: PASSWORD },
    );
    const code = changeCodeIn(world.mailer.lastSentTo('ada@northwind.example'));
    expect(
      await outcomeOf(() =>
        confirmEmailChange(deps(), { userId: 'user-bob' }, { newEmail: 'ada@northwind.example', code }),
      ),
    ).toEqual({ status: 400, type: 'code-expired' });
  });
});

describe('change of email address by the last administrator', () => {
  it('is refused (409) while others are members, with Cognito, account and code untouched', async () => {
    seed();
    world.members.addMember(anActiveMember({ userId: 'user-bob', email: 'bob@acme.example' }));
    await requestEmailChange(
      world.deps,
      { userId: ada.userId },
      { newEmail: 'ada@northwind.example', currentPassword: PASSWORD },
    );
    const code = changeCodeIn(world.mailer.lastSentTo('ada@northwind.example'));

    const outcome = await outcomeOf(() =>
      confirmEmailChange(deps(), { userId: ada.userId }, { newEmail: 'ada@northwind.example', code }),
    );

    expect(outcome).toEqual({ status: 409, type: 'last-administrator' });
    expect(world.identity.user('ada@acme.example')?.userId).toBe(ada.userId);
    expect(world.accounts.storedAccount(ada.userId)).toMatchObject({
      email: 'ada@acme.example',
      state: 'ACTIVE',
    });
    expect(world.settings.storedGroups()).toHaveLength(2);
    // The try was given back: after a promotion, the same code works.
    expect(world.accounts.storedCodeState('ada@northwind.example')?.attempts).toBe(0);
  });
});

describe('delete my account (eraseAccount)', () => {
  it('erases the account, membership, groups, code item and Cognito user, keeping exact counts and an anonymous record', async () => {
    seed({ bob: true });
    world.accounts.seedAddressOwner('ada@acme.example', ada.userId);

    const answer = await deleteMyAccount(deps(), { userId: ada.userId }, { currentPassword: PASSWORD });

    expect(answer.status).toBe('ACCOUNT_DELETED');
    expect(world.accounts.addressOwner('ada@acme.example')).toBeUndefined();
    expect(world.accounts.storedAccount(ada.userId)).toBeUndefined();
    expect(world.identity.user('ada@acme.example')).toBeUndefined();
    expect(world.settings.storedGroups()).toEqual([]);
    expect(world.organizations.stored('org-acme')).toMatchObject({ memberCount: 1, administratorCount: 1 });
    expect(world.accounts.storedMemberships().map((m) => m.userId)).toEqual(['user-bob']);
    expect(world.accounts.erasures).toEqual([
      { erasureId: expect.any(String), organizationId: 'org-acme', erasedAt: expect.any(String) },
    ]);
    expect(world.mailer.sent.at(-1)).toMatchObject({
      to: 'ada@acme.example',
      subject: 'Your Portico account was deleted',
    });
  });

  it('refuses the last administrator of an organization with other members (409), erasing nothing', async () => {
    seed();
    world.members.addMember(anActiveMember({ userId: 'user-bob', email: 'bob@acme.example' }));

    const outcome = await outcomeOf(() =>
      deleteMyAccount(deps(), { userId: ada.userId }, { currentPassword: PASSWORD }),
    );

    expect(outcome).toEqual({ status: 409, type: 'last-administrator' });
    expect(world.accounts.storedAccount(ada.userId)).toBeDefined();
    expect(world.identity.user('ada@acme.example')).toBeDefined();
    expect(world.settings.storedGroups()).toHaveLength(2);
  });

  it('refuses a wrong password (400 naming /currentPassword)', async () => {
    seed({ bob: true });
    expect(
      await outcomeOf(() =>
        deleteMyAccount(deps(), { userId: ada.userId }, { currentPassword: 'Wrong-Horse-00!' }),
      ),
    ).toEqual({ status: 400, type: 'validation-error' });
    expect(world.accounts.storedAccount(ada.userId)).toBeDefined();
  });

  it('takes the last requester off an open organization request, which closes', async () => {
    world = portalWorld();
    const request = anOrganizationRequest({ requestId: 'req-1' });
    const user = world.identity.addUser({
      email: 'ada@acme.example',
      emailVerified: true,
      password: PASSWORD,
      firstName: 'Ada',
      lastName: 'Lovelace',
      userId: request.requesters[0]?.userId ?? 'user-ada',
    });
    world.accounts.seedAccount(aWaitingRequester('req-1', { userId: user.userId }));
    world.requests.seedRequest(request);
    world.organizations.add({
      organizationId: request.organizationId,
      name: 'Acme Industries GmbH',
      kind: 'CUSTOMER',
      status: 'PENDING',
      city: 'Berlin',
      country: 'DE',
      domains: [request.domain],
    });

    await deleteMyAccount(deps(), { userId: user.userId }, { currentPassword: PASSWORD });

    const closed = await world.requests.getRequest('req-1');
    expect(closed).toMatchObject({ stage: 'CLOSED', requesters: [] });
    expect(JSON.stringify(closed)).not.toContain('ada@acme.example');
    expect(world.organizations.stored(request.organizationId)).toBeUndefined();
    expect(world.accounts.erasures[0]).not.toHaveProperty('organizationId');
  });
});

describe('the finish-erasures job', () => {
  const ALL_THE_TIME = { pageSize: 25, hasTimeLeft: () => true };

  it('finishes an erasure that stopped after the account was erased, once its grace period is over', async () => {
    seed({ bob: true });
    world.identity.makeUnavailable('deleteUser');
    await outcomeOf(() => deleteMyAccount(deps(), { userId: ada.userId }, { currentPassword: PASSWORD }));
    world.identity.recover();
    expect(world.accounts.storedAccount(ada.userId)).toBeUndefined();
    expect(world.identity.user('ada@acme.example')).toBeDefined();
    expect(world.accounts.erasures[0]?.pending).toEqual({ userId: ada.userId, email: 'ada@acme.example' });

    expect(await finishErasures(deps(), ALL_THE_TIME)).toEqual({ done: 0, failed: 0, unfinished: false });
    world.clock.advanceMinutes(11);
    expect(await finishErasures(deps(), ALL_THE_TIME)).toEqual({ done: 1, failed: 0, unfinished: false });

    expect(world.identity.user('ada@acme.example')).toBeUndefined();
    expect(world.accounts.erasures[0]).not.toHaveProperty('pending');
    expect(await finishErasures(deps(), ALL_THE_TIME)).toEqual({ done: 0, failed: 0, unfinished: false });
  });
});
