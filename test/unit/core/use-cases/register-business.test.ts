import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../functions/core/domain/account';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
  UnprocessableError,
} from '../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../functions/core/ports';
import { registerBusiness } from '../../../../functions/core/use-cases/register-business';
import { aCustomerEmployee, anOrganization, aRegistrationInput } from '../../fixtures';
import { fakeWorld } from '../../fakes';

/** Acme has an administrator already, so whoever registers joins as a member. */
const ACME = anOrganization({ administratorCount: 1 });
const input = aRegistrationInput();

function worldWith(account: Account, organizations = [ACME]) {
  const world = fakeWorld({ organizations });
  world.accounts.seedAccount(account);
  return world;
}

describe('registerBusiness when exactly one organization owns the email domain', () => {
  it('activates the account as a member of that organization', async () => {
    const account = aCustomerEmployee({ revision: 3 });
    const world = worldWith(account);

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result.outcome).toBe('ACTIVE');
    expect(result.account).toMatchObject({
      state: 'ACTIVE',
      accessLevel: 'FULL',
      nextStep: { step: 'OPEN_PORTAL', path: '/v1/portal/summary' },
      organization: { organizationId: 'org-acme', name: 'Acme Industries', role: 'MEMBER' },
      registration: { ...input, submittedAt: world.clock.now().toISOString() },
    });
    const stored = world.accounts.storedAccount(account.userId);
    expect(stored).toMatchObject({ state: 'ACTIVE', organizationId: 'org-acme', role: 'MEMBER' });
    expect(stored?.revision).toBeGreaterThan(account.revision);
    expect(world.accounts.storedMemberships()).toEqual([
      {
        organizationId: 'org-acme',
        userId: account.userId,
        role: 'MEMBER',
        joinedAt: world.clock.now().toISOString(),
      },
    ]);
  });

  it('makes the first person to join an organization without an administrator its ADMINISTRATOR', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account, [anOrganization()]);

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result.account).toMatchObject({ organization: { role: 'ADMINISTRATOR' } });
    expect(world.accounts.storedAccount(account.userId)?.role).toBe('ADMINISTRATOR');
    expect(world.accounts.storedMemberships()).toMatchObject([{ role: 'ADMINISTRATOR' }]);
    expect(world.organizations.stored('org-acme')?.administratorCount).toBe(1);
  });

  it('joins as a MEMBER when someone else became the first administrator meanwhile', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account, [anOrganization()]);
    // Between this registration's read of the profile and its write, another first joiner wins.
    const directory = world.organizations;
    const read = directory.getOrganization.bind(directory);
    let reads = 0;
    directory.getOrganization = async (organizationId) => {
      reads += 1;
      const profile = await read(organizationId);
      if (reads === 1 && profile) directory.add({ ...profile, administratorCount: 1 });
      return profile;
    };

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result.account).toMatchObject({ state: 'ACTIVE', organization: { role: 'MEMBER' } });
    expect(world.accounts.storedAccount(account.userId)?.role).toBe('MEMBER');
    expect(world.accounts.storedMemberships()).toMatchObject([{ role: 'MEMBER' }]);
    expect(world.mailer.sentTo(account.email)).toHaveLength(1);
  });

  it('joins a member without reading the organization profile', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account);
    let profileReads = 0;
    const read = world.organizations.getOrganization.bind(world.organizations);
    world.organizations.getOrganization = async (organizationId) => {
      profileReads += 1;
      return read(organizationId);
    };

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result.account).toMatchObject({ organization: { role: 'MEMBER' } });
    expect(profileReads).toBe(0);
  });

  it('reads the profile only when joining as a member is refused, then joins as the administrator', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account, [anOrganization()]);
    let profileReads = 0;
    const read = world.organizations.getOrganization.bind(world.organizations);
    world.organizations.getOrganization = async (organizationId) => {
      profileReads += 1;
      return read(organizationId);
    };

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result.account).toMatchObject({ organization: { role: 'ADMINISTRATOR' } });
    expect(profileReads).toBe(1);
    expect(world.mailer.sentTo(account.email)).toHaveLength(1);
  });

  it('answers 409 without trying another role when the organization stopped being active', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account);
    const joins = world.accounts.saveMembership.bind(world.accounts);
    let tries = 0;
    world.accounts.saveMembership = async (...args) => {
      tries += 1;
      world.organizations.add({ ...ACME, status: 'SUSPENDED' });
      return joins(...args);
    };

    await expect(registerBusiness(world.deps, account.userId, input)).rejects.toMatchObject({
      status: 409,
      type: 'concurrent-update',
    });
    expect(tries).toBe(1);
    expect(world.accounts.storedMemberships()).toEqual([]);
  });

  it('emails the confirmation naming the organization and the portal', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account);

    await registerBusiness(world.deps, account.userId, input);

    expect(world.mailer.sent).toHaveLength(1);
    const message = world.mailer.lastSentTo(account.email);
    expect(message.subject).toBe('Your business account with Acme Industries is active');
    expect(message.text).toContain('Hello Ada,');
    expect(message.text).toContain('https://portal.portico.example');
  });

  it('answers 503 when the confirmation cannot be sent, and saves nothing', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account);
    world.mailer.failNextSends(1);

    const attempt = registerBusiness(world.deps, account.userId, input);

    await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('Nothing was saved'),
    });
    expect(world.accounts.storedAccount(account.userId)).toEqual(account);
    expect(world.accounts.storedMemberships()).toEqual([]);
  });

  it('lets the same request succeed once email works again', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account);
    world.mailer.failNextSends(1);
    await registerBusiness(world.deps, account.userId, input).catch(() => undefined);

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result.outcome).toBe('ACTIVE');
    expect(world.accounts.storedMemberships()).toHaveLength(1);
  });

  it('joins again when the join lost to concurrent ones while the account stayed as it was', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account);
    world.accounts.failNext('saveMembership', new ConcurrentUpdateError('cancelled by a concurrent join'));

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result.account).toMatchObject({ state: 'ACTIVE', organization: { role: 'MEMBER' } });
    expect(world.accounts.storedMemberships()).toHaveLength(1);
    expect(world.mailer.sentTo(account.email)).toHaveLength(1);
  });

  it('answers 409 concurrent-update when the account changed meanwhile', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account);
    // Another request changes the account between this one's read and its write.
    const changed = { ...account, lastName: 'Changed', revision: account.revision + 1 };
    const joins = world.accounts.saveMembership.bind(world.accounts);
    world.accounts.saveMembership = async (...args) => {
      world.accounts.seedAccount(changed);
      return joins(...args);
    };

    const attempt = registerBusiness(world.deps, account.userId, input);

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ status: 409, type: 'concurrent-update' });
    expect(world.accounts.storedAccount(account.userId)).toEqual(changed);
    expect(world.accounts.storedMemberships()).toEqual([]);
  });
});

describe('registerBusiness when several organizations own the email domain', () => {
  it('asks the person to choose, listing the candidates by name without their domains', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account, [
      anOrganization({ organizationId: 'org-rail', name: 'Acme Rail', city: 'Munich' }),
      anOrganization({ organizationId: 'org-energy', name: 'Acme Energy', city: 'Hamburg' }),
    ]);

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result).toMatchObject({
      outcome: 'CHOOSE_ORGANIZATION',
      candidates: [
        { organizationId: 'org-energy', name: 'Acme Energy', city: 'Hamburg', country: 'DE' },
        { organizationId: 'org-rail', name: 'Acme Rail', city: 'Munich', country: 'DE' },
      ],
      account: { state: 'CHOOSE_ORGANIZATION', accessLevel: 'LIMITED', organization: null },
    });
    expect(JSON.stringify(result)).not.toContain('domains');
  });

  it('saves the registration, sends nothing and creates no membership', async () => {
    const account = aCustomerEmployee({ revision: 3 });
    const world = worldWith(account, [
      anOrganization({ organizationId: 'org-rail', name: 'Acme Rail' }),
      anOrganization({ organizationId: 'org-energy', name: 'Acme Energy' }),
    ]);

    await registerBusiness(world.deps, account.userId, input);

    expect(world.accounts.storedAccount(account.userId)).toMatchObject({
      state: 'CHOOSE_ORGANIZATION',
      registration: input,
      revision: 4,
    });
    expect(world.mailer.sent).toEqual([]);
    expect(world.accounts.storedMemberships()).toEqual([]);
  });
});

describe('registerBusiness when no organization owns the email domain', () => {
  it('records the registration and asks for the organization to be submitted', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account, [anOrganization({ domains: ['globex.example'] })]);

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result).toMatchObject({
      outcome: 'ORGANIZATION_REQUIRED',
      account: { state: 'ORGANIZATION_REQUIRED', accessLevel: 'LIMITED' },
    });
    expect(world.accounts.storedAccount(account.userId)?.state).toBe('ORGANIZATION_REQUIRED');
    expect(world.mailer.sent).toEqual([]);
  });

  it('treats a domain owned only by a pending organization as owned by none', async () => {
    const account = aCustomerEmployee();
    const world = worldWith(account, [anOrganization({ status: 'PENDING' })]);

    const result = await registerBusiness(world.deps, account.userId, input);

    expect(result.outcome).toBe('ORGANIZATION_REQUIRED');
    expect(world.accounts.storedMemberships()).toEqual([]);
  });
});

describe('registerBusiness refusals', () => {
  it('refuses a personal email domain with 422 work-email-required and changes nothing', async () => {
    const account = aCustomerEmployee({
      email: 'ada@gmail.com',
      emailDomain: 'gmail.com',
      emailDomainKind: 'PERSONAL',
    });
    const world = worldWith(account, [anOrganization({ domains: ['gmail.com'] })]);

    const attempt = registerBusiness(world.deps, account.userId, input);

    await expect(attempt).rejects.toBeInstanceOf(UnprocessableError);
    await expect(attempt).rejects.toMatchObject({
      status: 422,
      type: 'work-email-required',
      message: expect.stringContaining('work email'),
    });
    expect(world.accounts.storedAccount(account.userId)).toEqual(account);
    expect(world.mailer.sent).toEqual([]);
  });

  it('refuses a partner with 409 partner-access', async () => {
    const account = aCustomerEmployee({ state: 'PARTNER_REFERRED', accessType: 'PARTNER' });
    const world = worldWith(account);

    await expect(registerBusiness(world.deps, account.userId, input)).rejects.toMatchObject({
      status: 409,
      type: 'partner-access',
    });
  });

  it('refuses an already active account with 409 already-active', async () => {
    const account = aCustomerEmployee({ state: 'ACTIVE', organizationId: 'org-acme' });
    const world = worldWith(account);

    await expect(registerBusiness(world.deps, account.userId, input)).rejects.toMatchObject({
      status: 409,
      type: 'already-active',
    });
    expect(world.mailer.sent).toEqual([]);
  });

  it('answers 404 for a sign-in without a Portico account', async () => {
    const world = fakeWorld({ organizations: [ACME] });

    await expect(registerBusiness(world.deps, 'user-unknown', input)).rejects.toBeInstanceOf(NotFoundError);
  });
});
