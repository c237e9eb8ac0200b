import { describe, expect, it } from 'vitest';
import { MAX_DIRECT_EXPORT_PRODUCTS } from '../../../../../functions/core/domain/product-export';
import { NotFoundError, UnprocessableError } from '../../../../../functions/core/errors';
import {
  earlyExportReads,
  exportProducts,
  planExport,
} from '../../../../../functions/core/use-cases/portal/export-products';
import { requirePortalMemberReading } from '../../../../../functions/core/use-cases/portal-access';
import { acmeWorld, heldAccess, MEMBER, settled } from './acme';

describe('exportProducts', () => {
  it('exports what the member sees, with each product’s site, filtered and sorted as the list', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });

    const { rows } = await exportProducts(world.portal, world.member, {
      format: 'csv',
      status: 'EXPIRING',
      sort: 'supportEndDate',
    });

    expect(rows.map((row) => row.serviceTag)).toEqual(['LYO-PR-2', 'MUC-PE-2']);
    expect(rows[1]).toMatchObject({ siteId: 'MUC-1', siteName: 'Munich Plant', country: 'DE' });
  });

  it('answers 404 for a site the member may not see, as the list does', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });

    await expect(
      exportProducts(world.portal, world.member, { format: 'json', site: 'BER-1' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses, before reading any product, an export the counters say is too large for a download', async () => {
    const world = acmeWorld();
    for (let index = 0; index <= MAX_DIRECT_EXPORT_PRODUCTS; index++) {
      world.inventory.addProduct('org-acme', {
        serviceTag: `BULK-${index}`,
        model: 'Latitude 7440',
        family: 'Latitude',
        siteId: 'BER-1',
        supportEndDate: '2027-01-01',
      });
    }

    await expect(exportProducts(world.portal, world.admin, { format: 'csv' })).rejects.toMatchObject({
      type: 'export-too-large',
      extensions: { limit: MAX_DIRECT_EXPORT_PRODUCTS, count: MAX_DIRECT_EXPORT_PRODUCTS + 10 },
    });
    await expect(exportProducts(world.portal, world.admin, { format: 'csv' })).rejects.toBeInstanceOf(
      UnprocessableError,
    );
    expect(world.inventory.calls).not.toContain('productPage');
    const narrowed = await exportProducts(world.portal, world.admin, { format: 'csv', site: 'MUC-1' });
    expect(narrowed.rows).toHaveLength(3);
  });
});

describe('planExport', () => {
  async function firstRows(world: ReturnType<typeof acmeWorld>, member = world.member) {
    const { pages } = await planExport(world.portal, member, { site: 'MUC-1' }, 1_000);
    const first = await pages.next();
    return first.done ? [] : first.value.map((row) => row.serviceTag);
  }

  it('reads the first page beside the overview once the rules and counters were read before, and never twice', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    const cold = await firstRows(world);
    world.inventory.calls.length = 0;

    const warm = await firstRows(world);

    expect(warm).toEqual(cold);
    // One overview and one page: the page was planned on the remembered rules, before the overview answered.
    expect(world.inventory.calls).toEqual(['productPage', 'overview']);
  });

  it('drops the guessed page and reads again when the rules changed since', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    await firstRows(world);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: ['Latitude'] });
    world.inventory.calls.length = 0;

    const rows = await firstRows(world);

    expect(world.inventory.calls).toEqual(['productPage', 'overview', 'productPage']);
    expect(rows).toEqual(['MUC-LA-1']);
  });

  it('guesses no page for an export the remembered counters say is too large', async () => {
    const world = acmeWorld();
    await firstRows(world, world.admin);
    world.inventory.calls.length = 0;

    await expect(planExport(world.portal, world.admin, {}, 2)).rejects.toMatchObject({
      type: 'export-too-large',
    });
    expect(world.inventory.calls).toEqual(['overview']);
  });
});

describe('an export with the organization the token names', () => {
  it("reads the overview beside the account, then a restricted member's first page once, in a fresh environment", async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });
    const query = { format: 'csv' as const, status: 'EXPIRING' as const, sort: 'supportEndDate' as const };
    const { access, release } = heldAccess(world);

    const reading = requirePortalMemberReading(
      access,
      { userId: MEMBER.userId, organizationHint: 'org-acme' },
      earlyExportReads(world.portal, MEMBER.userId, query),
    );
    await settled();
    expect(world.inventory.calls).toEqual(['overview']);
    release();
    const { member, early } = await reading;
    const { rows } = await exportProducts(world.portal, member, query, early);

    expect(rows.map((row) => row.serviceTag)).toEqual(['LYO-PR-2', 'MUC-PE-2']);
    expect(world.inventory.calls).toEqual(['overview', 'productPage']);
  });

  it('drops the early reads of a token naming another organization', async () => {
    const world = acmeWorld();
    const { access, release } = heldAccess(world);
    release();

    const { early } = await requirePortalMemberReading(
      access,
      { userId: MEMBER.userId, organizationHint: 'org-globex' },
      earlyExportReads(world.portal, MEMBER.userId, {}),
    );

    expect(early).toBeUndefined();
  });
});
