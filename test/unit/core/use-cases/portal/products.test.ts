import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../../../functions/core/errors';
import { readAsPortalMember } from '../../../../../functions/core/use-cases/portal-access';
import {
  earlyPageReads,
  getProduct,
  listProducts,
  productReads,
  type ProductListQuery,
} from '../../../../../functions/core/use-cases/portal/products';
import { listSites } from '../../../../../functions/core/use-cases/portal/sites';
import { aGroup } from '../../../portal.fixtures';
import { acmeWorld, ADMIN, heldAccess, MEMBER, settled, type AcmeWorld } from './acme';

const PAGE = { limit: 25 };

function tagsOf(page: { items: { serviceTag: string }[] }): string[] {
  return page.items.map((product) => product.serviceTag);
}

describe('listSites', () => {
  it('lists the sites a member sees, with the counts of the families they see', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['BER-1', 'MUC-1'], families: ['Latitude'] });

    const page = await listSites(world.portal, world.member, PAGE);

    expect(page).toEqual({
      items: [
        {
          siteId: 'BER-1',
          name: 'Berlin Office',
          address: 'Werkstrasse 1',
          city: 'Berlin',
          country: 'DE',
          counts: { total: 2, active: 1, expiring: 0, expired: 1 },
        },
        expect.objectContaining({
          siteId: 'MUC-1',
          counts: { total: 1, active: 0, expiring: 0, expired: 1 },
        }),
      ],
    });
  });

  it('filters by country and pages with the cursor', async () => {
    const world = acmeWorld();

    const first = await listSites(world.portal, world.member, { country: 'DE', limit: 1 });
    const second = await listSites(world.portal, world.member, {
      country: 'DE',
      limit: 1,
      cursor: first.cursor,
    });

    expect(first.items.map((site) => site.siteId)).toEqual(['BER-1']);
    expect(second.items.map((site) => site.siteId)).toEqual(['MUC-1']);
    expect(second.cursor).toBeUndefined();
  });

  it('answers an empty list to a member whose site list is empty, from the one overview read', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: [], families: 'ALL' });

    expect(await listSites(world.portal, world.member, PAGE)).toEqual({ items: [] });
    expect(world.inventory.calls).toEqual(['overview']);
  });

  it('answers 400 for a cursor the list did not issue', async () => {
    const world = acmeWorld();

    await expect(listSites(world.portal, world.member, { limit: 5, cursor: 'bogus' })).rejects.toMatchObject({
      status: 400,
      extensions: { errors: [{ pointer: 'query:/cursor', detail: 'is not a cursor this list issued' }] },
    });
  });
});

describe('listProducts', () => {
  it('lists every product the member sees, never another tenant’s', async () => {
    const world = acmeWorld();

    const page = await listProducts(world.portal, world.member, { limit: 100 });

    expect(page.items).toHaveLength(9);
    expect(tagsOf(page)).not.toContain('GLX-TAB-1');
    expect(page.items[0]).toEqual({
      serviceTag: 'BER-LA-1',
      model: 'Latitude model',
      family: 'Latitude',
      siteId: 'BER-1',
      supportEndDate: '2027-06-30',
      supportStatus: 'ACTIVE',
    });
  });

  it('filters by site, family and status within what the member sees', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: 'ALL', families: ['PowerEdge', 'Latitude'] });

    const atMunich = await listProducts(world.portal, world.member, { ...PAGE, site: 'MUC-1' });
    const powerEdge = await listProducts(world.portal, world.member, {
      ...PAGE,
      family: 'PowerEdge',
      status: 'ACTIVE',
    });

    expect(tagsOf(atMunich)).toEqual(['MUC-LA-1', 'MUC-PE-1', 'MUC-PE-2']);
    expect(tagsOf(powerEdge)).toEqual(['BER-PE-1', 'LYO-PE-1', 'MUC-PE-1']);
  });

  /** Munich and Lyon, PowerEdge and Latitude: Berlin and Precision are hidden, and Latitude is only at Munich. */
  const RULES = { sites: ['MUC-1', 'LYO-1'], families: ['PowerEdge', 'Latitude'] };

  it.each([
    ['a site the member cannot see', RULES, { site: 'BER-1' }],
    ['a site that does not exist', RULES, { site: 'HAM-1' }],
    ["another tenant's site", RULES, { site: 'GLX-1' }],
    ['a family the member cannot see', RULES, { family: 'Precision' }],
    [
      'a family held only by sites the member cannot see',
      { sites: ['LYO-1'], families: 'ALL' },
      { family: 'Latitude' },
    ],
    ["another tenant's family", RULES, { family: 'Rugged Tablet' }],
    ['an unknown group', RULES, { group: 'grp-unknown-000001' }],
  ] as const)('answers 404 for %s', async (_name, rules, filter) => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', rules);

    await expect(listProducts(world.portal, world.member, { ...PAGE, ...filter })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("lists a group's products within what the member sees", async () => {
    const world = acmeWorld();
    const group = aGroup(
      { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge', 'Latitude'], sites: ['MUC-1', 'BER-1'] },
      { ownerId: MEMBER.userId },
    );
    world.settings.seedGroup(group);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });

    const page = await listProducts(world.portal, world.member, { ...PAGE, group: group.groupId });

    expect(tagsOf(page)).toEqual(['MUC-LA-1', 'MUC-PE-1', 'MUC-PE-2']);
  });

  it('pages through a PRODUCTS group in its order, skipping what the member cannot see', async () => {
    const world = acmeWorld();
    const group = aGroup(
      {
        kind: 'PRODUCTS',
        serviceTags: ['LYO-PR-2', 'BER-LA-1', 'MUC-PE-2', 'GLX-TAB-1', 'MUC-LA-1', 'LYO-PE-1', 'GONE-1'],
      },
      { ownerId: ADMIN.userId, shared: true },
    );
    world.settings.seedGroup(group);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listProducts(world.portal, world.member, { limit: 2, group: group.groupId, cursor });
      seen.push(...tagsOf(page));
      cursor = page.cursor;
      pages += 1;
    } while (cursor && pages < 10);

    expect(seen).toEqual(['LYO-PR-2', 'MUC-PE-2', 'MUC-LA-1', 'LYO-PE-1']);
  });

  it('filters a PRODUCTS group by status and site too', async () => {
    const world = acmeWorld();
    const group = aGroup({ kind: 'PRODUCTS', serviceTags: ['LYO-PR-2', 'MUC-PE-1', 'MUC-PE-2'] });
    world.settings.seedGroup(group);

    const page = await listProducts(world.portal, world.member, {
      ...PAGE,
      group: group.groupId,
      site: 'MUC-1',
      status: 'EXPIRING',
    });

    expect(page).toEqual({ items: [expect.objectContaining({ serviceTag: 'MUC-PE-2' })] });
  });

  it("refuses another group's cursor", async () => {
    const world = acmeWorld();
    const group = aGroup({ kind: 'PRODUCTS', serviceTags: ['LYO-PR-2', 'MUC-PE-1', 'MUC-PE-2'] });
    const other = aGroup(
      { kind: 'PRODUCTS', serviceTags: ['LYO-PR-2', 'MUC-PE-1'] },
      { groupId: 'grp-other-00000001' },
    );
    world.settings.seedGroup(group).seedGroup(other);
    const { cursor } = await listProducts(world.portal, world.member, { limit: 1, group: group.groupId });

    await expect(
      listProducts(world.portal, world.member, { limit: 1, group: other.groupId, cursor }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('answers an empty page to a member who sees nothing, without reading products once their rules are known', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: 'ALL', families: [] });

    expect(await listProducts(world.portal, world.member, PAGE)).toEqual({ items: [] });
    world.inventory.calls.length = 0;
    expect(await listProducts(world.portal, world.member, PAGE)).toEqual({ items: [] });
    expect(world.inventory.calls).not.toContain('productPage');
  });
});

describe('listProducts planned on the rules and group read last', () => {
  it('queries once, beside the reads that check the guess, when the rules have not changed', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    await listProducts(world.portal, world.member, PAGE);
    world.inventory.calls.length = 0;

    const page = await listProducts(world.portal, world.member, PAGE);

    expect(tagsOf(page)).toEqual(['MUC-LA-1', 'MUC-PE-1', 'MUC-PE-2']);
    expect(world.inventory.calls.filter((call) => call === 'productPage')).toHaveLength(1);
  });

  it('sizes the page with the site counters: read with the rules, remembered for the next guess', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });

    await listProducts(world.portal, world.member, PAGE);
    await listProducts(world.portal, world.member, PAGE);

    const [cold, replanned, guessed] = world.inventory.productQueries;
    // The first guess (everything visible) knew no counters; the page planned on the rules read has them, and
    // so has the next request's guess, which was right (no third query).
    expect(cold?.counters).toBeUndefined();
    expect(replanned?.counters?.map((site) => site.siteId)).toContain('MUC-1');
    expect(guessed?.counters).toEqual(replanned?.counters);
    expect(world.inventory.productQueries).toHaveLength(3);
  });

  it('answers on the current rules, never on the guess, when an administrator changed them meanwhile', async () => {
    const world = acmeWorld();
    await listProducts(world.portal, world.member, PAGE);
    world.settings.seedVisibility('org-acme', { sites: ['LYO-1'], families: ['Precision'] });
    world.inventory.calls.length = 0;

    const page = await listProducts(world.portal, world.member, PAGE);

    expect(tagsOf(page)).toEqual(['LYO-PR-1', 'LYO-PR-2']);
    expect(world.inventory.calls.filter((call) => call === 'productPage')).toHaveLength(2);
  });

  it('answers on the group as it is now when its owner redefined it since the last read', async () => {
    const world = acmeWorld();
    const group = aGroup({ kind: 'FAMILIES', families: ['Latitude'] }, { ownerId: MEMBER.userId });
    world.settings.seedGroup(group);
    await listProducts(world.portal, world.member, { ...PAGE, group: group.groupId });
    world.settings.seedGroup({
      ...group,
      revision: group.revision + 1,
      definition: { kind: 'FAMILIES', families: ['Precision'] },
    });

    const page = await listProducts(world.portal, world.member, { ...PAGE, group: group.groupId });

    expect(tagsOf(page)).toEqual(['LYO-PR-1', 'LYO-PR-2']);
  });

  it('answers 404 for a hidden site filter even when the guessed page was read', async () => {
    const world = acmeWorld();
    await listProducts(world.portal, world.member, PAGE);
    world.settings.seedVisibility('org-acme', { sites: ['LYO-1'], families: 'ALL' });

    await expect(listProducts(world.portal, world.member, { ...PAGE, site: 'MUC-1' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('getProduct', () => {
  it('answers a product the member sees', async () => {
    const world = acmeWorld();

    expect(await getProduct(world.portal, world.member, 'LYO-PR-2')).toMatchObject({
      serviceTag: 'LYO-PR-2',
      supportStatus: 'EXPIRING',
    });
  });

  it.each(['BER-PE-1', 'GLX-TAB-1', 'NOPE-1'])(
    'answers 404 for %s (hidden, other tenant, unknown)',
    async (tag) => {
      const world = acmeWorld();
      world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });

      await expect(getProduct(world.portal, world.member, tag)).rejects.toBeInstanceOf(NotFoundError);
    },
  );

  it('shows an administrator a product hidden from members', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: [], families: [] });

    expect(await getProduct(world.portal, world.admin, 'BER-PE-1')).toMatchObject({ siteId: 'BER-1' });
  });
});

describe('listProducts search and sort', () => {
  it('finds service tags by prefix in any case, inside what the member sees', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });

    expect(tagsOf(await listProducts(world.portal, world.member, { ...PAGE, serviceTag: 'muc-pe' }))).toEqual(
      ['MUC-PE-1', 'MUC-PE-2'],
    );
    expect(tagsOf(await listProducts(world.portal, world.member, { ...PAGE, serviceTag: 'ber' }))).toEqual(
      [],
    );
    expect(tagsOf(await listProducts(world.portal, world.member, { ...PAGE, serviceTag: 'GLX' }))).toEqual(
      [],
    );
  });

  it('finds one service tag exactly, and models by prefix combined with the filters', async () => {
    const world = acmeWorld();

    expect(
      tagsOf(
        await listProducts(world.portal, world.admin, { ...PAGE, serviceTag: 'muc-pe-1', match: 'exact' }),
      ),
    ).toEqual(['MUC-PE-1']);
    expect(
      tagsOf(
        await listProducts(world.portal, world.admin, { ...PAGE, model: 'POWEREDGE', status: 'ACTIVE' }),
      ),
    ).toEqual(['BER-PE-1', 'LYO-PE-1', 'MUC-PE-1']);
  });

  it("reads a member's rules alone, not the overview, for a search the counters do not size", async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });

    const found = await listProducts(world.portal, world.member, {
      ...PAGE,
      serviceTag: 'muc-pe-1',
      match: 'exact',
    });
    const hidden = await listProducts(world.portal, world.member, {
      ...PAGE,
      serviceTag: 'ber-pe-1',
      match: 'exact',
    });
    const models = await listProducts(world.portal, world.member, { ...PAGE, model: 'poweredge' });

    expect(tagsOf(found)).toEqual(['MUC-PE-1']);
    expect(tagsOf(hidden)).toEqual([]);
    expect(tagsOf(models)).toEqual(['MUC-PE-1', 'MUC-PE-2']);
    expect(world.inventory.calls).not.toContain('overview');
    expect(world.settings.calls.filter((call) => call === 'getVisibility')).toHaveLength(3);
  });

  it('guesses everything, not rules remembered without counters, for a page the counters size', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    await listProducts(world.portal, world.member, { ...PAGE, model: 'poweredge' });
    world.inventory.productQueries.length = 0;

    const page = await listProducts(world.portal, world.member, PAGE);

    expect(tagsOf(page)).toEqual(['MUC-LA-1', 'MUC-PE-1', 'MUC-PE-2']);
    const [guessed, planned] = world.inventory.productQueries;
    expect(guessed?.scope).toEqual({ sites: 'ALL', families: 'ALL' });
    expect(planned?.counters?.map((site) => site.siteId)).toContain('MUC-1');
  });

  it('sorts by support end date both ways', async () => {
    const world = acmeWorld();

    const soonest = await listProducts(world.portal, world.admin, {
      ...PAGE,
      sort: 'supportEndDate',
      limit: 3,
    });
    const latest = await listProducts(world.portal, world.admin, {
      ...PAGE,
      sort: '-supportEndDate',
      limit: 1,
    });

    expect(soonest.items.map((product) => product.supportEndDate)).toEqual([
      '2024-12-31',
      '2024-12-31',
      '2025-04-30',
    ]);
    expect(latest.items[0]?.supportEndDate).toBe('2027-06-30');
  });

  it('searches and sorts a PRODUCTS group in memory, inside what the member sees', async () => {
    const world = acmeWorld();
    const group = aGroup({ kind: 'PRODUCTS', serviceTags: ['LYO-PR-2', 'MUC-PE-1', 'MUC-PE-2', 'BER-PE-1'] });
    world.settings.seedGroup(group);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });

    const page = await listProducts(world.portal, world.member, {
      ...PAGE,
      group: group.groupId,
      sort: '-supportEndDate',
    });

    // Latest first, and ties by service tag the other way too.
    expect(tagsOf(page)).toEqual(['MUC-PE-1', 'MUC-PE-2', 'LYO-PR-2']);
  });

  it('answers 400 naming sort for a search sorted another way than its own', async () => {
    const world = acmeWorld();

    await expect(
      listProducts(world.portal, world.admin, { ...PAGE, serviceTag: 'MUC', sort: 'supportEndDate' }),
    ).rejects.toMatchObject({ extensions: { errors: [{ pointer: 'query:/sort' }] } });
  });
});

describe('listProducts with the organization the token names (read beside the account)', () => {
  /** The list as the handler runs it, the account read held until `release` so the test sees what ran beside. */
  function listAs(world: AcmeWorld, organizationHint: string | undefined, query: ProductListQuery = PAGE) {
    const { access, release } = heldAccess(world);
    const page = readAsPortalMember(
      access,
      { userId: MEMBER.userId, organizationHint },
      (member, early) => listProducts(world.portal, member, query, early),
      earlyPageReads(world.portal, MEMBER.userId, query),
    );
    return { page, release };
  }

  it("reads a restricted member's rules beside the account, then the page once, in a fresh environment", async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });

    const { page, release } = listAs(world, 'org-acme');
    await settled();
    expect(world.inventory.calls).toEqual(['overview']);
    release();

    expect(tagsOf(await page)).toEqual(['MUC-LA-1', 'MUC-PE-1', 'MUC-PE-2']);
    expect(world.inventory.productQueries).toHaveLength(1);
    expect(world.inventory.productQueries[0]?.counters?.map((site) => site.siteId)).toContain('MUC-1');
  });

  it('reads a group named by the list beside the account too', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    const group = aGroup({ kind: 'FAMILIES', families: ['PowerEdge'] });
    world.settings.seedGroup(group);

    const { page, release } = listAs(world, 'org-acme', { ...PAGE, group: group.groupId });
    await settled();
    expect(world.settings.calls).toContain('getGroup');
    release();

    expect(tagsOf(await page)).toEqual(['MUC-PE-1', 'MUC-PE-2']);
    expect(world.inventory.productQueries).toHaveLength(1);
  });

  it('reads a member early even when the rules changed since this environment read them: no stale guess', async () => {
    const world = acmeWorld();
    await listProducts(world.portal, world.member, PAGE);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    world.inventory.productQueries.length = 0;

    const { page, release } = listAs(world, 'org-acme');
    release();

    expect(tagsOf(await page)).toEqual(['MUC-LA-1', 'MUC-PE-1', 'MUC-PE-2']);
    expect(world.inventory.productQueries).toHaveLength(1);
  });

  it('reads nothing early for a person this environment last read as an administrator', async () => {
    const world = acmeWorld();
    await listProducts(world.portal, world.admin, PAGE);
    world.inventory.calls.length = 0;
    const { access, release } = heldAccess(world);

    const page = readAsPortalMember(
      access,
      { userId: ADMIN.userId, organizationHint: 'org-acme' },
      (member, early) => listProducts(world.portal, member, PAGE, early),
      earlyPageReads(world.portal, ADMIN.userId, PAGE),
    );
    await settled();
    expect(world.inventory.calls).toEqual([]);
    release();

    expect((await page).items).toHaveLength(9);
    expect(world.inventory.calls).toEqual(['productPage']);
  });

  it('never answers a member on the reads made early for them as the administrator they were', async () => {
    const world = acmeWorld();
    const group = aGroup(
      { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge', 'Latitude'], sites: ['MUC-1', 'BER-1'] },
      { ownerId: ADMIN.userId, shared: true },
    );
    world.settings.seedGroup(group);
    await listProducts(world.portal, world.admin, PAGE);
    world.accounts.seedAccount({ ...ADMIN, role: 'MEMBER' });
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    const { access, release } = heldAccess(world);
    const query = { ...PAGE, group: group.groupId };

    const page = readAsPortalMember(
      access,
      { userId: ADMIN.userId, organizationHint: 'org-acme' },
      (member, early) => listProducts(world.portal, member, query, early),
      earlyPageReads(world.portal, ADMIN.userId, query),
    );
    await settled();
    expect(world.settings.calls).toEqual(['getGroup']);
    release();

    expect(tagsOf(await page)).toEqual(['MUC-LA-1', 'MUC-PE-1', 'MUC-PE-2']);
  });

  it("answers on the account's organization when the token names another (issued before a move)", async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });

    const { page, release } = listAs(world, 'org-globex');
    release();

    const tags = tagsOf(await page);
    expect(tags).toEqual(['MUC-LA-1', 'MUC-PE-1', 'MUC-PE-2']);
    expect(tags).not.toContain('GLX-TAB-1');
  });
});

describe('getProduct with the organization the token names', () => {
  it('reads the rules and the product beside the account, and hides what the member may not see', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    const read = (serviceTag: string) => {
      const { access, release } = heldAccess(world);
      const product = readAsPortalMember(
        access,
        { userId: MEMBER.userId, organizationHint: 'org-acme' },
        (member, early) => getProduct(world.portal, member, serviceTag, early),
        productReads(world.portal, serviceTag),
      );
      return { product, release };
    };

    const visible = read('MUC-PE-1');
    await settled();
    expect(world.settings.calls).toEqual(['getVisibility']);
    expect(world.inventory.calls).toEqual(['getProducts']);
    visible.release();
    expect((await visible.product).serviceTag).toBe('MUC-PE-1');

    const hidden = read('BER-PE-1');
    hidden.release();
    await expect(hidden.product).rejects.toBeInstanceOf(NotFoundError);
  });
});
