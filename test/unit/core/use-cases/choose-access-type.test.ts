import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../functions/core/ports';
import { chooseAccessType } from '../../../../functions/core/use-cases/choose-access-type';
import { anAccount, anOrganization } from '../../fixtures';
import { fakeWorld } from '../../fakes';

describe('chooseAccessType', () => {
  it('saves the customer employee choice and points to the registration step', async () => {
    const world = fakeWorld();
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE', revision: 2 });
    world.accounts.seedAccount(account);

    const view = await chooseAccessType(world.deps, account.userId, 'CUSTOMER_EMPLOYEE');

    expect(view).toMatchObject({
      state: 'REGISTER_BUSINESS',
      accessType: 'CUSTOMER_EMPLOYEE',
      accessLevel: 'LIMITED',
      nextStep: { step: 'REGISTER_BUSINESS', method: 'PUT', path: '/v1/me/registration' },
    });
    expect(view).not.toHaveProperty('partnerProgramme');
    expect(world.accounts.storedAccount(account.userId)).toMatchObject({
      state: 'REGISTER_BUSINESS',
      revision: 3,
      updatedAt: world.clock.now().toISOString(),
    });
  });

  it('refers a partner to the partner programme with links under the portal URL', async () => {
    const world = fakeWorld();
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE' });
    world.accounts.seedAccount(account);

    const view = await chooseAccessType(world.deps, account.userId, 'PARTNER');

    expect(view).toMatchObject({ state: 'PARTNER_REFERRED', accessLevel: 'LIMITED' });
    expect(view.partnerProgramme?.links).toContainEqual(
      expect.objectContaining({ rel: 'apply', href: 'https://portal.portico.example/partners/apply' }),
    );
  });

  it('answers 403 email-not-verified for an unverified account and saves nothing', async () => {
    const world = fakeWorld();
    const account = anAccount({ state: 'VERIFY_EMAIL', revision: 1 });
    world.accounts.seedAccount(account);

    await expect(chooseAccessType(world.deps, account.userId, 'PARTNER')).rejects.toMatchObject({
      status: 403,
      type: 'email-not-verified',
    });
    expect(world.accounts.storedAccount(account.userId)).toEqual(account);
  });

  it('answers 409 concurrent-update when another request changed the account first', async () => {
    const world = fakeWorld();
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE' });
    world.accounts.seedAccount(account);
    world.accounts.failNext('saveAccount', new ConcurrentUpdateError('changed'));

    const attempt = chooseAccessType(world.deps, account.userId, 'PARTNER');

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ status: 409, type: 'concurrent-update' });
  });

  it('links a partner to the one active partner organization owning the domain', async () => {
    const world = fakeWorld({
      organizations: [
        anOrganization(),
        anOrganization({ organizationId: 'org-acme-partner', name: 'Acme Partner', kind: 'PARTNER' }),
      ],
    });
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE' });
    world.accounts.seedAccount(account);

    const view = await chooseAccessType(world.deps, account.userId, 'PARTNER');

    expect(view).toMatchObject({
      state: 'PARTNER_REFERRED',
      partnerOrganization: { organizationId: 'org-acme-partner', name: 'Acme Partner' },
    });
    expect(world.accounts.storedAccount(account.userId)?.partnerOrganization).toEqual({
      organizationId: 'org-acme-partner',
      name: 'Acme Partner',
    });
  });

  it('shows a partner without a partner organization owning the domain as unlinked', async () => {
    const world = fakeWorld({ organizations: [anOrganization()] });
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE' });
    world.accounts.seedAccount(account);

    const view = await chooseAccessType(world.deps, account.userId, 'PARTNER');

    expect(view).toMatchObject({ state: 'PARTNER_REFERRED', partnerOrganization: null });
  });

  it('does not look up partner organizations for a customer employee', async () => {
    const world = fakeWorld();
    world.organizations.failNext('findByEmailDomain', new Error('must not be called'));
    const account = anAccount({ state: 'CHOOSE_ACCESS_TYPE' });
    world.accounts.seedAccount(account);

    const view = await chooseAccessType(world.deps, account.userId, 'CUSTOMER_EMPLOYEE');

    expect(view.state).toBe('REGISTER_BUSINESS');
  });
});
