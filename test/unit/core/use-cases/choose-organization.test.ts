import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ServiceUnavailableError } from '../../../../functions/core/errors';
import { chooseOrganization } from '../../../../functions/core/use-cases/choose-organization';
import { fakeWorld, type FakeWorld } from '../../fakes';
import { aCustomerEmployee, anOrganization, aRegistration } from '../../fixtures';

const DOMAIN = 'northland.gov.example';
const HEALTH = anOrganization({
  organizationId: 'org-health',
  name: 'Department of Health',
  domains: [DOMAIN],
});
const TRANSPORT = anOrganization({
  organizationId: 'org-transport',
  name: 'Department of Transport',
  domains: [DOMAIN],
});
const ELSEWHERE = anOrganization({ organizationId: 'org-acme', domains: ['acme.example'] });
const UNDER_REVIEW = anOrganization({ organizationId: 'org-review', status: 'PENDING', domains: [DOMAIN] });

let world: FakeWorld;
const choosing = aCustomerEmployee({
  state: 'CHOOSE_ORGANIZATION',
  email: `ada@${DOMAIN}`,
  emailDomain: DOMAIN,
  registration: aRegistration(),
});

beforeEach(() => {
  world = fakeWorld({ organizations: [HEALTH, TRANSPORT, ELSEWHERE, UNDER_REVIEW] });
  world.accounts.seedAccount(choosing);
});

describe('chooseOrganization', () => {
  it('joins the chosen division exactly as a single match does: email, then ACTIVE and member', async () => {
    const result = await chooseOrganization(world.deps, choosing.userId, 'org-transport');

    expect(result).toMatchObject({
      outcome: 'ACTIVE',
      account: { state: 'ACTIVE', accessLevel: 'FULL', organization: { organizationId: 'org-transport' } },
    });
    expect(world.mailer.lastSentTo(choosing.email).subject).toContain('Department of Transport');
    expect(world.accounts.storedAccount(choosing.userId)).toMatchObject({
      state: 'ACTIVE',
      organizationId: 'org-transport',
    });
    expect(world.accounts.storedMemberships()).toEqual([
      expect.objectContaining({ organizationId: 'org-transport', userId: choosing.userId }),
    ]);
  });

  it('reads the chosen profile once: the read that checks the choice also decides the role', async () => {
    const directory = world.organizations;
    const read = directory.getOrganization.bind(directory);
    const reads: string[] = [];
    directory.getOrganization = async (organizationId) => {
      reads.push(organizationId);
      return read(organizationId);
    };

    const result = await chooseOrganization(world.deps, choosing.userId, 'org-transport');

    expect(reads).toEqual(['org-transport']);
    expect(result.account).toMatchObject({ organization: { organizationId: 'org-transport' } });
    // The first to join becomes the administrator, as with the profile read twice before.
    expect(world.accounts.storedMemberships()).toMatchObject([{ role: 'ADMINISTRATOR' }]);
  });

  it.each([
    ['an organization of another domain', 'org-acme'],
    ['an organization still under review', 'org-review'],
    ['an organization that does not exist', 'org-nowhere'],
  ])('refuses %s with the same 403, saving nothing', async (_, organizationId) => {
    const attempt = chooseOrganization(world.deps, choosing.userId, organizationId);

    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toMatchObject({ status: 403, type: 'organization-not-available' });
    expect(world.accounts.storedAccount(choosing.userId)?.state).toBe('CHOOSE_ORGANIZATION');
    expect(world.mailer.sentTo(choosing.email)).toHaveLength(0);
  });

  it('refuses when the account has no choice to make', async () => {
    world.accounts.seedAccount({ ...choosing, state: 'REGISTER_BUSINESS' });

    await expect(chooseOrganization(world.deps, choosing.userId, 'org-health')).rejects.toMatchObject({
      status: 409,
      type: 'no-organization-choice',
    });
    await expect(chooseOrganization(world.deps, choosing.userId, 'org-health')).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('answers 503 and saves nothing when the confirmation email cannot be sent', async () => {
    world.mailer.failNextSends();

    await expect(chooseOrganization(world.deps, choosing.userId, 'org-health')).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(world.accounts.storedAccount(choosing.userId)?.state).toBe('CHOOSE_ORGANIZATION');
    expect(world.accounts.storedMemberships()).toEqual([]);
  });
});
