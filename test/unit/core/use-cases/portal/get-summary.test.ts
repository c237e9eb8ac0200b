import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../../functions/core/errors';
import { getPortalSummary, summaryReads } from '../../../../../functions/core/use-cases/portal/get-summary';
import { listSites } from '../../../../../functions/core/use-cases/portal/sites';
import { readAsPortalMember } from '../../../../../functions/core/use-cases/portal-access';
import { aGroup } from '../../../portal.fixtures';
import { acmeWorld, ADMIN, heldAccess, MEMBER, settled } from './acme';

describe('getPortalSummary', () => {
  it("shows the organization, the member's role, the day and the counts of everything they see", async () => {
    const world = acmeWorld();

    const summary = await getPortalSummary(world.portal, world.member);

    expect(summary).toMatchObject({
      asOf: '2025-03-03',
      organization: { organizationId: 'org-acme', name: 'Acme Industries', city: 'Berlin', country: 'DE' },
      member: { userId: MEMBER.userId, firstName: 'Ada', lastName: 'Lovelace', role: 'MEMBER' },
      scope: { sites: 'ALL', families: 'ALL' },
      totals: { total: 9, active: 5, expiring: 2, expired: 2 },
      groups: [],
    });
    expect(summary.bySite.map((site) => [site.name, site.counts.total])).toEqual([
      ['Berlin Office', 3],
      ['Lyon Lab', 3],
      ['Munich Plant', 3],
    ]);
    expect(summary.byFamily).toEqual([
      { family: 'Latitude', counts: { total: 3, active: 1, expiring: 0, expired: 2 } },
      { family: 'PowerEdge', counts: { total: 4, active: 3, expiring: 1, expired: 0 } },
      { family: 'Precision', counts: { total: 2, active: 1, expiring: 1, expired: 0 } },
    ]);
    expect(summary).not.toHaveProperty('group');
  });

  it('reads the overview (profile, rules, site counters) and the groups, never the products, without a group', async () => {
    const world = acmeWorld();

    await getPortalSummary(world.portal, world.member);

    expect(world.inventory.calls).toEqual(['overview']);
    expect(world.settings.calls).toEqual(['listGroups']);
  });

  it('counts only what the rules let a member see, and says how much they may see', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: ['PowerEdge'] });

    const summary = await getPortalSummary(world.portal, world.member);

    expect(summary.scope).toEqual({ sites: 2, families: 1 });
    expect(summary.totals).toEqual({ total: 3, active: 2, expiring: 1, expired: 0 });
    expect(summary.bySite.map((site) => site.siteId)).toEqual(['LYO-1', 'MUC-1']);
    expect(summary.byFamily.map((entry) => entry.family)).toEqual(['PowerEdge']);
  });

  it('shows an administrator everything, whatever the rules say', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: [], families: [] });

    const summary = await getPortalSummary(world.portal, world.admin);

    expect(summary.member.role).toBe('ADMINISTRATOR');
    expect(summary.scope).toEqual({ sites: 'ALL', families: 'ALL' });
    expect(summary.totals.total).toBe(9);
  });

  it('shows nothing to a member whose allow list is empty', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: [], families: 'ALL' });

    const summary = await getPortalSummary(world.portal, world.member);

    expect(summary.scope).toEqual({ sites: 0, families: 'ALL' });
    expect(summary.totals.total).toBe(0);
    expect(summary.bySite).toEqual([]);
  });

  it("counts a group's products, and lists the member's own and the shared groups", async () => {
    const world = acmeWorld();
    const lab = aGroup(
      { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge', 'Latitude'], sites: ['MUC-1', 'BER-1'] },
      { groupId: 'grp-two-sites-0001', ownerId: MEMBER.userId, name: 'Two sites' },
    );
    world.settings
      .seedGroup(lab)
      .seedGroup(
        aGroup(
          { kind: 'FAMILIES', families: ['Precision'] },
          {
            groupId: 'grp-shared-0000001',
            ownerId: ADMIN.userId,
            name: 'Workstations',
            shared: true,
          },
        ),
      )
      .seedGroup(
        aGroup(
          { kind: 'FAMILIES', families: ['Latitude'] },
          {
            groupId: 'grp-private-000001',
            ownerId: ADMIN.userId,
            name: "Grace's laptops",
          },
        ),
      );

    const summary = await getPortalSummary(world.portal, world.member, { group: lab.groupId });

    expect(summary.group).toEqual({
      groupId: lab.groupId,
      name: 'Two sites',
      kind: 'FAMILIES_AT_SITES',
      shared: false,
      mine: true,
    });
    expect(summary.totals.total).toBe(6);
    expect(summary.bySite.map((site) => site.siteId)).toEqual(['BER-1', 'MUC-1']);
    expect(summary.groups).toEqual([
      { groupId: lab.groupId, name: 'Two sites', kind: 'FAMILIES_AT_SITES', shared: false, mine: true },
      { groupId: 'grp-shared-0000001', name: 'Workstations', kind: 'FAMILIES', shared: true, mine: false },
    ]);
  });

  it('drops a site the member lost from their group and from the Summary at once', async () => {
    const world = acmeWorld();
    const lab = aGroup(
      { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge', 'Latitude'], sites: ['MUC-1', 'BER-1'] },
      { ownerId: MEMBER.userId },
    );
    world.settings.seedGroup(lab);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });

    const grouped = await getPortalSummary(world.portal, world.member, { group: lab.groupId });
    const overall = await getPortalSummary(world.portal, world.member);

    expect(grouped.totals.total).toBe(3);
    expect(grouped.bySite.map((site) => site.siteId)).toEqual(['MUC-1']);
    expect(overall.bySite.some((site) => site.siteId === 'BER-1')).toBe(false);
  });

  it('counts the products of a PRODUCTS group one by one, only those the member sees', async () => {
    const world = acmeWorld();
    const picked = aGroup(
      { kind: 'PRODUCTS', serviceTags: ['BER-LA-2', 'MUC-PE-2', 'LYO-PR-1', 'GONE-1'] },
      { ownerId: ADMIN.userId, shared: true },
    );
    world.settings.seedGroup(picked);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });

    const summary = await getPortalSummary(world.portal, world.member, { group: picked.groupId });

    expect(summary.totals).toEqual({ total: 2, active: 1, expiring: 1, expired: 0 });
    expect(summary.bySite.map((site) => [site.siteId, site.name])).toEqual([
      ['LYO-1', 'Lyon Lab'],
      ['MUC-1', 'Munich Plant'],
    ]);
    expect(summary.group).toMatchObject({ kind: 'PRODUCTS', mine: false, shared: true });
  });

  it("answers 404 for another member's private group, another tenant's group and an unknown one", async () => {
    const world = acmeWorld();
    world.settings
      .seedGroup(
        aGroup(
          { kind: 'FAMILIES', families: ['Latitude'] },
          { groupId: 'grp-private-000001', ownerId: ADMIN.userId },
        ),
      )
      .seedGroup(
        aGroup(
          { kind: 'FAMILIES', families: ['Rugged Tablet'] },
          {
            groupId: 'grp-globex-0000001',
            organizationId: 'org-globex',
            ownerId: 'user-globex',
            shared: true,
          },
        ),
      );

    for (const group of ['grp-private-000001', 'grp-globex-0000001', 'grp-unknown-000001']) {
      await expect(getPortalSummary(world.portal, world.member, { group })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
  });

  it('answers 404 when the organization no longer exists', async () => {
    const world = acmeWorld();

    await expect(
      getPortalSummary(world.portal, { ...world.member, organizationId: 'org-gone' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the Summary and the sites with the organization the token names', () => {
  const caller = { userId: MEMBER.userId, organizationHint: 'org-acme' };

  it('reads the overview and the groups beside the account: nothing is left to read after it', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    const { access, release } = heldAccess(world);

    const summary = readAsPortalMember(
      access,
      caller,
      (member, early) => getPortalSummary(world.portal, member, {}, early),
      summaryReads(world.portal, MEMBER.userId),
    );
    await settled();
    expect(world.inventory.calls).toEqual(['overview']);
    expect(world.settings.calls).toContain('listGroups');
    release();

    expect((await summary).totals).toEqual({ total: 3, active: 1, expiring: 1, expired: 1 });
    expect(world.inventory.calls).toEqual(['overview']);
  });

  it('lists the sites on the overview read beside the account, and on its own for another organization', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    const listAs = (organizationHint: string) => {
      const { access, release } = heldAccess(world);
      release();
      return readAsPortalMember(
        access,
        { ...caller, organizationHint },
        (member, early) => listSites(world.portal, member, { limit: 10 }, early),
        (organizationId: string) => world.portal.overview.read(organizationId),
      );
    };

    expect((await listAs('org-acme')).items.map((site) => site.siteId)).toEqual(['MUC-1']);
    expect(world.inventory.calls).toEqual(['overview']);
    expect((await listAs('org-globex')).items.map((site) => site.siteId)).toEqual(['MUC-1']);
  });
});
