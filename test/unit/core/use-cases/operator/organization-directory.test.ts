import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnprocessableError } from '../../../../../functions/core/errors';
import { registerBusiness } from '../../../../../functions/core/use-cases/register-business';
import {
  createDirectoryOrganization,
  getDirectoryOrganization,
  listDirectory,
} from '../../../../../functions/core/use-cases/operator/organization-directory';
import { editDirectoryOrganization } from '../../../../../functions/core/use-cases/operator/edit-organization';
import { fakeWorld, type FakeWorld } from '../../../fakes';
import { anOrganization, anOrganizationSeeker, aRegistrationInput, OPERATOR } from '../../../fixtures';

let world: FakeWorld;
/** The world's dependencies with its directory seen as the operators' catalogue (it implements both). */
const deps = () => ({ ...world.deps, organizations: world.organizations });

beforeEach(() => {
  world = fakeWorld();
});

const NEW = {
  name: 'Müller-Werke AG',
  country: 'DE',
  address: { line1: 'Hafenstraße 3', city: 'Hamburg', postalCode: '20457' },
  kind: 'CUSTOMER' as const,
  status: 'ACTIVE' as const,
};

describe('the organization directory', () => {
  it('creates an organization directly, audited, and finds it by a name prefix (case and accents ignored)', async () => {
    const created = await createDirectoryOrganization(deps(), NEW, OPERATOR);
    await createDirectoryOrganization(deps(), { ...NEW, name: 'Zeta Logistics' }, OPERATOR);

    expect(created).toMatchObject({ name: 'Müller-Werke AG', city: 'Hamburg', domains: [], revision: 0 });
    expect(created.history).toEqual([expect.objectContaining({ event: 'CREATED', by: OPERATOR.email })]);
    const found = await listDirectory(deps(), { name: 'MULLER w', limit: 25 });
    expect(found.items.map((item) => item.organizationId)).toEqual([created.organizationId]);
    const all = await listDirectory(deps(), { limit: 1 });
    expect(all.items.map((item) => item.name)).toEqual(['Müller-Werke AG']);
    const next = await listDirectory(deps(), { limit: 1, cursor: all.nextCursor ?? undefined });
    expect(next.items.map((item) => item.name)).toEqual(['Zeta Logistics']);
  });

  it('lists the organizations owning a domain', async () => {
    world.organizations.add(anOrganization());
    const found = await listDirectory(deps(), { domain: 'ACME.example', limit: 25 });
    expect(found.items.map((item) => item.organizationId)).toEqual(['org-acme']);
  });

  it('adds a domain: registration offers the organization at once, and people waiting for it are emailed', async () => {
    const { organizationId } = await createDirectoryOrganization(deps(), NEW, OPERATOR);
    world.accounts.seedAccount(
      anOrganizationSeeker({ email: 'ada@muller.example', emailDomain: 'muller.example' }),
    );

    const edited = await editDirectoryOrganization(
      deps(),
      organizationId,
      { revision: 0, addDomains: ['muller.example'] },
      OPERATOR,
    );

    expect(edited).toMatchObject({ domains: ['muller.example'], revision: 1, notified: 1 });
    expect(edited.history.map((line) => line.event)).toEqual(['DOMAIN_ADDED', 'CREATED']);
    expect(world.mailer.sentTo('ada@muller.example').at(-1)?.subject).toContain('Müller-Werke AG');
    const registered = await registerBusiness(deps(), 'user-ada', aRegistrationInput());
    expect(registered.outcome).toBe('ACTIVE');
  });

  it('refuses a webmail or disposable domain (422)', async () => {
    const { organizationId } = await createDirectoryOrganization(deps(), NEW, OPERATOR);
    const adding = editDirectoryOrganization(
      deps(),
      organizationId,
      { revision: 0, addDomains: ['gmail.com'] },
      OPERATOR,
    );
    await expect(adding).rejects.toBeInstanceOf(UnprocessableError);
    await expect(adding).rejects.toMatchObject({ type: 'domain-not-allowed' });
  });

  it('shares a domain only between divisions of one group (409 otherwise)', async () => {
    world.organizations.add(anOrganization({ divisionOf: 'Acme Group', revision: 0 }));
    const { organizationId } = await createDirectoryOrganization(deps(), NEW, OPERATOR);

    const outside = editDirectoryOrganization(
      deps(),
      organizationId,
      { revision: 0, addDomains: ['acme.example'] },
      OPERATOR,
    );
    await expect(outside).rejects.toMatchObject({ type: 'domain-owned', status: 409 });

    const division = await editDirectoryOrganization(
      deps(),
      organizationId,
      { revision: 0, divisionOf: 'Acme Group', addDomains: ['acme.example'] },
      OPERATOR,
    );
    expect(division).toMatchObject({ divisionOf: 'Acme Group', domains: ['acme.example'] });
    const owners = await listDirectory(deps(), { domain: 'acme.example', limit: 25 });
    expect(owners.items).toHaveLength(2);
  });

  it('answers 409 to an edit made on a revision someone else already changed', async () => {
    const { organizationId } = await createDirectoryOrganization(deps(), NEW, OPERATOR);
    await editDirectoryOrganization(deps(), organizationId, { revision: 0, name: 'Müller AG' }, OPERATOR);

    const stale = editDirectoryOrganization(deps(), organizationId, { revision: 0, name: 'Other' }, OPERATOR);
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ type: 'concurrent-update' });
  });

  it('deactivates and reactivates, each audited; reactivation emails people waiting for its domains', async () => {
    world.organizations.add(anOrganization({ revision: 0 }));
    const off = await editDirectoryOrganization(
      deps(),
      'org-acme',
      { revision: 0, status: 'SUSPENDED' },
      OPERATOR,
    );
    expect(off.status).toBe('SUSPENDED');
    world.accounts.seedAccount(anOrganizationSeeker());

    const on = await editDirectoryOrganization(
      deps(),
      'org-acme',
      { revision: 1, status: 'ACTIVE' },
      OPERATOR,
    );

    expect(on).toMatchObject({ status: 'ACTIVE', notified: 1 });
    expect(on.history.map((line) => line.event)).toEqual(['REACTIVATED', 'DEACTIVATED']);
  });

  it('answers 404 for an unknown organization and leaves a pending one to its review', async () => {
    await expect(getDirectoryOrganization(deps(), 'org-nobody')).rejects.toBeInstanceOf(NotFoundError);
    world.organizations.add(anOrganization({ status: 'PENDING' }));
    await expect(
      editDirectoryOrganization(deps(), 'org-acme', { revision: 0, name: 'X' }, OPERATOR),
    ).rejects.toMatchObject({ type: 'organization-pending-review' });
  });
});
