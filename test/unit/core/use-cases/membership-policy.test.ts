import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../functions/core/domain/account';
import type { Organization } from '../../../../functions/core/domain/organization';
import { chooseOrganization } from '../../../../functions/core/use-cases/choose-organization';
import {
  getMembershipPolicy,
  setMembershipPolicy,
} from '../../../../functions/core/use-cases/portal/membership-policy';
import { registerBusiness } from '../../../../functions/core/use-cases/register-business';
import { fakeWorld } from '../../fakes';
import { aCustomerEmployee, anOrganization, aRegistration, aRegistrationInput } from '../../fixtures';
import { anActiveMember, portalMemberOf } from '../../portal.fixtures';
import { portalWorld } from '../../portal-settings.fake';

const ADMIN = anActiveMember({
  userId: 'user-grace',
  email: 'grace@acme.example',
  firstName: 'Grace',
  role: 'ADMINISTRATOR',
});

function registrationWorld(organizations: Organization[], account: Account = aCustomerEmployee()) {
  const world = fakeWorld({ organizations });
  world.accounts.seedAccount(account);
  world.accounts.seedAccount(ADMIN);
  world.accounts.seedMembership({
    organizationId: 'org-acme',
    userId: ADMIN.userId,
    role: 'ADMINISTRATOR',
    joinedAt: ADMIN.updatedAt,
  });
  return world;
}

describe('registration under the APPROVAL policy', () => {
  const acme = anOrganization({ administratorCount: 1, memberCount: 1, membershipPolicy: 'APPROVAL' });

  it('files a join request: LIMITED at AWAITING_APPROVAL, no membership, the administrators emailed', async () => {
    const account = aCustomerEmployee();
    const world = registrationWorld([acme], account);

    const result = await registerBusiness(world.deps, account.userId, aRegistrationInput());

    expect(result).toMatchObject({
      outcome: 'AWAITING_APPROVAL',
      account: {
        state: 'AWAITING_APPROVAL',
        accessLevel: 'LIMITED',
        nextStep: { step: 'AWAITING_APPROVAL', method: 'GET', path: '/v1/me' },
        organization: null,
        joinRequest: { organizationId: 'org-acme', organizationName: 'Acme Industries' },
      },
    });
    expect(world.accounts.storedAccount(account.userId)?.state).toBe('AWAITING_APPROVAL');
    expect(world.accounts.storedMemberships().map((member) => member.userId)).toEqual([ADMIN.userId]);
    expect(world.organizations.stored('org-acme')?.memberCount).toBe(1);
    expect(world.accounts.storedJoinRequests('org-acme')).toEqual([
      expect.objectContaining({
        userId: account.userId,
        email: account.email,
        jobTitle: aRegistrationInput().jobTitle,
      }),
    ]);
    const notice = world.mailer.lastSentTo(ADMIN.email);
    expect(notice.subject).toContain('asks to join Acme Industries');
    expect(notice.text).toContain(account.email);
    // No confirmation email: the business account is not active.
    expect(world.mailer.sentTo(account.email)).toEqual([]);
  });

  it('keeps the request when the administrators cannot be emailed', async () => {
    const account = aCustomerEmployee();
    const world = registrationWorld([acme], account);
    world.mailer.failSendsTo(ADMIN.email);

    const result = await registerBusiness(world.deps, account.userId, aRegistrationInput());

    expect(result.outcome).toBe('AWAITING_APPROVAL');
    expect(world.accounts.storedJoinRequests('org-acme')).toHaveLength(1);
  });

  it('refuses to register again while the request waits (409 join-request-pending)', async () => {
    const account = aCustomerEmployee();
    const world = registrationWorld([acme], account);
    await registerBusiness(world.deps, account.userId, aRegistrationInput());

    await expect(registerBusiness(world.deps, account.userId, aRegistrationInput())).rejects.toMatchObject({
      status: 409,
      type: 'join-request-pending',
    });
  });
});

describe('registration under the INVITATION_ONLY policy', () => {
  it('offers nothing: LIMITED at INVITATION_REQUIRED, told to ask the administrator, nobody emailed', async () => {
    const account = aCustomerEmployee();
    const world = registrationWorld(
      [anOrganization({ administratorCount: 1, memberCount: 1, membershipPolicy: 'INVITATION_ONLY' })],
      account,
    );

    const result = await registerBusiness(world.deps, account.userId, aRegistrationInput());

    expect(result).toMatchObject({
      outcome: 'INVITATION_REQUIRED',
      account: { state: 'INVITATION_REQUIRED', accessLevel: 'LIMITED', organization: null },
    });
    expect(result.account.nextStep.description).toContain('ask your administrator');
    expect(world.accounts.storedJoinRequests('org-acme')).toEqual([]);
    expect(world.mailer.sentTo(ADMIN.email)).toEqual([]);
  });

  it('re-decides when registering again after the policy changed', async () => {
    const account = aCustomerEmployee();
    const world = registrationWorld(
      [anOrganization({ administratorCount: 1, memberCount: 1, membershipPolicy: 'INVITATION_ONLY' })],
      account,
    );
    await registerBusiness(world.deps, account.userId, aRegistrationInput());
    const profile = world.organizations.stored('org-acme');
    if (profile) world.organizations.add({ ...profile, membershipPolicy: 'AUTOMATIC' });

    const result = await registerBusiness(world.deps, account.userId, aRegistrationInput());

    expect(result).toMatchObject({ outcome: 'ACTIVE', account: { state: 'ACTIVE' } });
  });
});

describe('registration when the policy changes between the domain read and the join', () => {
  it('does not join by domain once the policy is no longer AUTOMATIC (409, nothing saved)', async () => {
    const account = aCustomerEmployee();
    const world = registrationWorld([anOrganization({ administratorCount: 1, memberCount: 1 })], account);
    const directory = world.organizations;
    const find = directory.findByEmailDomain.bind(directory);
    directory.findByEmailDomain = async (domain) => {
      const found = await find(domain);
      const profile = directory.stored('org-acme');
      if (profile) directory.add({ ...profile, membershipPolicy: 'APPROVAL' });
      return found;
    };

    await expect(registerBusiness(world.deps, account.userId, aRegistrationInput())).rejects.toMatchObject({
      status: 409,
    });
    expect(world.accounts.storedAccount(account.userId)?.state).toBe('REGISTER_BUSINESS');
    expect(world.organizations.stored('org-acme')?.memberCount).toBe(1);
  });
});

describe('the division picker and the membership policy', () => {
  const DOMAIN = 'northland.gov.example';
  const health = anOrganization({
    organizationId: 'org-health',
    name: 'Department of Health',
    domains: [DOMAIN],
    membershipPolicy: 'INVITATION_ONLY',
  });
  const transport = anOrganization({
    organizationId: 'org-transport',
    name: 'Department of Transport',
    domains: [DOMAIN],
    administratorCount: 1,
    memberCount: 1,
    membershipPolicy: 'APPROVAL',
  });
  const roads = anOrganization({
    organizationId: 'org-roads',
    name: 'Roads Agency',
    domains: [DOMAIN],
  });
  const person = aCustomerEmployee({ email: `ada@${DOMAIN}`, emailDomain: DOMAIN });

  it('does not offer an INVITATION_ONLY division', async () => {
    const world = registrationWorld([health, transport, roads], person);

    const result = await registerBusiness(world.deps, person.userId, aRegistrationInput());

    expect(result.outcome).toBe('CHOOSE_ORGANIZATION');
    expect(result.candidates?.map((c) => c.organizationId)).toEqual(['org-transport', 'org-roads']);
  });

  it('refuses the INVITATION_ONLY division if chosen anyway (403, as any non-candidate)', async () => {
    const choosing = { ...person, state: 'CHOOSE_ORGANIZATION' as const, registration: aRegistration() };
    const world = registrationWorld([health, transport, roads], choosing);

    await expect(chooseOrganization(world.deps, choosing.userId, 'org-health')).rejects.toMatchObject({
      status: 403,
      type: 'organization-not-available',
    });
    expect(world.accounts.storedAccount(choosing.userId)?.state).toBe('CHOOSE_ORGANIZATION');
  });

  it('files a join request when the chosen division is APPROVAL', async () => {
    const choosing = { ...person, state: 'CHOOSE_ORGANIZATION' as const, registration: aRegistration() };
    const world = registrationWorld([health, transport, roads], choosing);

    const result = await chooseOrganization(world.deps, choosing.userId, 'org-transport');

    expect(result).toMatchObject({
      outcome: 'AWAITING_APPROVAL',
      account: { state: 'AWAITING_APPROVAL', joinRequest: { organizationId: 'org-transport' } },
    });
    expect(world.accounts.storedJoinRequests('org-transport')).toHaveLength(1);
  });

  it('joins at once when the chosen division is AUTOMATIC', async () => {
    const choosing = { ...person, state: 'CHOOSE_ORGANIZATION' as const, registration: aRegistration() };
    const world = registrationWorld([health, transport, roads], choosing);

    const result = await chooseOrganization(world.deps, choosing.userId, 'org-roads');

    expect(result).toMatchObject({ outcome: 'ACTIVE', account: { state: 'ACTIVE' } });
  });
});

describe('reading and setting the membership policy', () => {
  function policyWorld() {
    const world = portalWorld({ organizations: [anOrganization({ administratorCount: 1, memberCount: 2 })] });
    const member = anActiveMember({ userId: 'user-ada', role: 'MEMBER' });
    world.members.addMember(ADMIN).addMember(member);
    return { world, admin: portalMemberOf(ADMIN), member: portalMemberOf(member) };
  }

  it('is AUTOMATIC until set, and set by an administrator with a POLICY_CHANGED entry', async () => {
    const { world, admin } = policyWorld();
    expect(await getMembershipPolicy(world.portal, admin)).toEqual({ policy: 'AUTOMATIC' });

    expect(await setMembershipPolicy(world.portal, admin, 'APPROVAL')).toEqual({ policy: 'APPROVAL' });

    expect(await getMembershipPolicy(world.portal, admin)).toEqual({ policy: 'APPROVAL' });
    expect(world.organizations.stored('org-acme')?.membershipPolicy).toBe('APPROVAL');
    // The domain copies follow: the next registration sees it.
    expect((await world.organizations.findByEmailDomain('acme.example'))[0]?.membershipPolicy).toBe(
      'APPROVAL',
    );
    const page = await world.auditLog.entries('org-acme', { limit: 10 }, world.clock.now());
    expect(page.items).toEqual([
      expect.objectContaining({
        kind: 'POLICY_CHANGED',
        actor: { userId: ADMIN.userId, email: ADMIN.email },
        details: { previousPolicy: 'AUTOMATIC', policy: 'APPROVAL' },
      }),
    ]);
  });

  it('asking for the policy it has writes nothing', async () => {
    const { world, admin } = policyWorld();

    expect(await setMembershipPolicy(world.portal, admin, 'AUTOMATIC')).toEqual({ policy: 'AUTOMATIC' });

    const page = await world.auditLog.entries('org-acme', { limit: 10 }, world.clock.now());
    expect(page.items).toEqual([]);
  });

  it('is refused to members (403 administrators-only), reading included', async () => {
    const { world, member } = policyWorld();

    await expect(getMembershipPolicy(world.portal, member)).rejects.toMatchObject({
      status: 403,
      type: 'administrators-only',
    });
    await expect(setMembershipPolicy(world.portal, member, 'INVITATION_ONLY')).rejects.toMatchObject({
      status: 403,
      type: 'administrators-only',
    });
    expect(world.organizations.stored('org-acme')?.membershipPolicy).toBeUndefined();
  });

  it('answers 409 when another administrator changed it meanwhile (one decision wins)', async () => {
    const { world, admin } = policyWorld();
    const directory = world.organizations;
    const read = directory.getOrganization.bind(directory);
    directory.getOrganization = async (organizationId) => {
      const profile = await read(organizationId);
      const stored = directory.stored(organizationId);
      if (stored) directory.add({ ...stored, membershipPolicy: 'INVITATION_ONLY' });
      return profile;
    };

    await expect(setMembershipPolicy(world.portal, admin, 'APPROVAL')).rejects.toMatchObject({
      status: 409,
      type: 'concurrent-update',
    });
    expect(world.organizations.stored('org-acme')?.membershipPolicy).toBe('INVITATION_ONLY');
  });

  it('is refused in a deactivated organization (403)', async () => {
    const { world, admin } = policyWorld();
    const stored = world.organizations.stored('org-acme');
    if (stored) world.organizations.add({ ...stored, status: 'SUSPENDED' });

    await expect(setMembershipPolicy(world.portal, admin, 'APPROVAL')).rejects.toMatchObject({
      status: 403,
      type: 'organization-deactivated',
    });
  });
});
