import { beforeEach, describe, expect, it } from 'vitest';
import type { ProductRecord, Site } from '../../../../../functions/core/domain/portal';
import type { AcceptedRow, RejectedRow } from '../../../../../functions/core/domain/portal-import';
import { NotFoundError, PayloadTooLargeError } from '../../../../../functions/core/errors';
import {
  importPortalData,
  type ImportDependencies,
} from '../../../../../functions/core/use-cases/portal/import-portal-data';
import { FixedClock, InMemoryOrganizationDirectory } from '../../../fakes';
import { anOrganization } from '../../../fixtures';
import { FakePortalInventory } from '../../../portal-inventory.fake';

const ORG = 'org-acme';
/** The fixed clock's day. */
const TODAY = '2025-03-03';

const MUNICH: Site = {
  siteId: 'MUC-1',
  name: 'Munich',
  address: 'Werkstrasse 1',
  city: 'Munich',
  country: 'DE',
};
const PARIS: Site = { siteId: 'PAR-1', name: 'Paris', address: '1 rue X', city: 'Paris', country: 'FR' };

function product(overrides: Partial<ProductRecord> = {}): ProductRecord {
  return {
    serviceTag: 'TAG-1',
    model: 'PowerEdge R760',
    family: 'PowerEdge',
    siteId: 'MUC-1',
    supportEndDate: '2027-06-30',
    ...overrides,
  };
}

function accepted<T>(...records: T[]): AcceptedRow<T>[] {
  return records.map((record, index) => ({ row: index + 1, record }));
}

let inventory: FakePortalInventory;
let organizations: InMemoryOrganizationDirectory;
let deps: ImportDependencies;

beforeEach(() => {
  inventory = new FakePortalInventory();
  organizations = new InMemoryOrganizationDirectory([
    anOrganization({ organizationId: ORG, status: 'ACTIVE', kind: 'CUSTOMER' }),
  ]);
  deps = { organizations, inventory, clock: new FixedClock(`${TODAY}T09:00:00.000Z`) };
});

function importSites(sites: Site[], rejected: RejectedRow[] = []) {
  return importPortalData(deps, ORG, {
    kind: 'sites',
    received: sites.length + rejected.length,
    accepted: accepted(...sites),
    rejected,
  });
}

function importProducts(products: ProductRecord[], rejected: RejectedRow[] = []) {
  return importPortalData(deps, ORG, {
    kind: 'products',
    received: products.length + rejected.length,
    accepted: accepted(...products),
    rejected,
  });
}

describe('importPortalData for sites', () => {
  it('creates new sites, updates changed ones and reports the rest unchanged', async () => {
    inventory.addSite(ORG, MUNICH).addSite(ORG, PARIS);
    const london: Site = {
      siteId: 'LON-1',
      name: 'London',
      address: '1 Road',
      city: 'London',
      country: 'GB',
    };

    const report = await importSites([MUNICH, { ...PARIS, name: 'Paris HQ' }, london]);

    expect(report).toEqual({
      organizationId: ORG,
      kind: 'sites',
      received: 3,
      created: 1,
      updated: 1,
      unchanged: 1,
      rejected: 0,
      rejectedRows: [],
    });
    expect(inventory.allSites(ORG).map((site) => site.name)).toEqual(['London', 'Munich', 'Paris HQ']);
  });

  it('passes the rows rejected at the edge through to the report, by row', async () => {
    const rejected: RejectedRow[] = [{ row: 2, key: 'X', errors: [{ field: 'country', detail: 'bad' }] }];

    const report = await importSites([MUNICH], rejected);

    expect(report).toMatchObject({ received: 2, created: 1, rejected: 1, rejectedRows: rejected });
  });
});

describe('importPortalData for products', () => {
  beforeEach(() => {
    inventory.addSite(ORG, MUNICH).addSite(ORG, PARIS);
  });

  it('stores products with their status of today and counts them at their sites', async () => {
    const report = await importProducts([
      product({ serviceTag: 'A', supportEndDate: '2027-06-30' }),
      product({ serviceTag: 'B', supportEndDate: TODAY }),
      product({ serviceTag: 'C', supportEndDate: '2025-03-02', siteId: 'PAR-1', family: 'Latitude' }),
    ]);

    expect(report).toMatchObject({ received: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(inventory.allProducts(ORG).map((stored) => stored.supportStatus)).toEqual([
      'ACTIVE',
      'EXPIRING',
      'EXPIRED',
    ]);
    const counters = await inventory.siteCounters(ORG);
    expect(counters.find((site) => site.siteId === 'MUC-1')?.families).toEqual({
      PowerEdge: { ACTIVE: 1, EXPIRING: 1, EXPIRED: 0 },
    });
    expect(counters.find((site) => site.siteId === 'PAR-1')?.families).toEqual({
      Latitude: { ACTIVE: 0, EXPIRING: 0, EXPIRED: 1 },
    });
  });

  it('rejects products whose site is not one of the organization’s, keeping the others', async () => {
    inventory.addSite('org-other', { ...MUNICH, siteId: 'OTHER-1' });

    const report = await importProducts([
      product({ serviceTag: 'A' }),
      product({ serviceTag: 'B', siteId: 'OTHER-1' }),
      product({ serviceTag: 'C', siteId: 'NOWHERE' }),
    ]);

    expect(report).toMatchObject({ received: 3, created: 1, rejected: 2 });
    expect(report.rejectedRows).toEqual([
      {
        row: 2,
        key: 'B',
        errors: [{ field: 'siteId', detail: expect.stringContaining('not a site of org-acme') }],
      },
      {
        row: 3,
        key: 'C',
        errors: [{ field: 'siteId', detail: expect.stringContaining('not a site of org-acme') }],
      },
    ]);
    expect(inventory.allProducts(ORG).map((stored) => stored.serviceTag)).toEqual(['A']);
  });

  it('reports the same rows imported again as unchanged, and a moved product as updated', async () => {
    const rows = [product({ serviceTag: 'A' }), product({ serviceTag: 'B' })];
    await importProducts(rows);

    expect(await importProducts(rows)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const moved = await importProducts([
      rows[0] as ProductRecord,
      product({ serviceTag: 'B', siteId: 'PAR-1' }),
    ]);

    expect(moved).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const counters = await inventory.siteCounters(ORG);
    expect(counters.map((site) => [site.siteId, site.families['PowerEdge']?.ACTIVE])).toEqual([
      ['MUC-1', 1],
      ['PAR-1', 1],
    ]);
  });

  it('merges edge and site rejections in row order', async () => {
    const report = await importPortalData(deps, ORG, {
      kind: 'products',
      received: 3,
      accepted: [
        { row: 1, line: 2, record: product({ serviceTag: 'A', siteId: 'NOWHERE' }) },
        { row: 3, line: 4, record: product({ serviceTag: 'C' }) },
      ],
      rejected: [{ row: 2, line: 3, errors: [{ field: 'model', detail: 'is required' }] }],
    });

    expect(report.rejectedRows.map((row) => [row.row, row.line])).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('does not call the inventory to write when every row was rejected', async () => {
    const report = await importProducts(
      [],
      [{ row: 1, errors: [{ field: 'model', detail: 'is required' }] }],
    );

    expect(report).toMatchObject({ received: 1, rejected: 1, created: 0 });
    expect(inventory.calls).toEqual([]);
  });
});

describe('importPortalData refuses', () => {
  it.each([
    ['an unknown organization', undefined],
    ['a pending organization', anOrganization({ organizationId: ORG, status: 'PENDING', kind: 'CUSTOMER' })],
    [
      'a suspended organization',
      anOrganization({ organizationId: ORG, status: 'SUSPENDED', kind: 'CUSTOMER' }),
    ],
    ['a partner organization', anOrganization({ organizationId: ORG, status: 'ACTIVE', kind: 'PARTNER' })],
  ])('%s with 404, writing nothing', async (_case, organization) => {
    deps = {
      ...deps,
      organizations: new InMemoryOrganizationDirectory(organization ? [organization] : []),
    };

    await expect(importSites([MUNICH])).rejects.toBeInstanceOf(NotFoundError);
    expect(inventory.calls).toEqual([]);
  });

  it('to read the rows of an organization that is not an active customer', async () => {
    deps = { ...deps, organizations: new InMemoryOrganizationDirectory([]) };
    let read = false;

    await expect(
      importPortalData(deps, ORG, () => {
        read = true;
        return { kind: 'sites', received: 0, accepted: [], rejected: [] };
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(read).toBe(false);
  });

  it('more than 5,000 rows with 413', async () => {
    const sites = Array.from({ length: 5001 }, (_, index) => ({ ...MUNICH, siteId: `S-${index}` }));

    await expect(importSites(sites)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(inventory.calls).toEqual([]);
  });
});
