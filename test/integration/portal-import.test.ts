import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPortalInventory } from '../../functions/core/adapters/dynamodb/portal-inventory.store';
import {
  addDays,
  dayOf,
  supportStatusOn,
  type Product,
  type ProductRecord,
  type SiteCounters,
  type SupportStatus,
} from '../../functions/core/domain/portal';
import { EVERYTHING, type PortalScope } from '../../functions/core/domain/portal-visibility';
import {
  apiClient,
  awsClients,
  removeData,
  signIn,
  TEST_DEMO_PRODUCTS,
  verifiedPerson,
  type ApiAnswer,
  type RunningStack,
} from './local-stack';
import { sharedStack } from '../support/shared-stack';

/**
 * An operator imports sites and products over the HTTP API of the local stack, as JSON and as CSV; the table
 * is then read back through the DynamoDB adapter: the per-site counters must equal the products stored, by
 * site, family and status. The stack is seeded with a small demo inventory, which must obey the same rule.
 */

const ORG = 'org-northland-transport';
const TODAY = dayOf(new Date());

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let operatorToken: string;
let inventory: DynamoPortalInventory;

const SITES = [
  { siteId: 'NT-DEPOT', name: 'Transport Depot', address: '9 Depot Lane', city: 'Ridgeville', country: 'CA' },
  { siteId: 'NT-HQ', name: 'Transport HQ', address: '1 Main Street', city: 'Northport', country: 'CA' },
  { siteId: 'NT-YARD', name: 'Rail Yard', address: '3 Yard Road', city: 'Ridgeville', country: 'CA' },
];
const FAMILIES = ['PowerEdge', 'Latitude', 'Rugged Tablet', 'PowerSwitch'];
/** Offsets from today that cover every status and both boundaries of EXPIRING. */
const END_OFFSETS = [-400, -1, 0, 45, 90, 91, 700];

/** 250 products: more than one transaction's worth, at every site, family and status. */
const PRODUCTS: ProductRecord[] = Array.from({ length: 250 }, (_, index) => ({
  serviceTag: `NT${String(index).padStart(5, '0')}`,
  model: `Model ${index % 5}`,
  family: FAMILIES[index % FAMILIES.length] as string,
  siteId: (SITES[index % SITES.length] as (typeof SITES)[number]).siteId,
  supportEndDate: addDays(TODAY, END_OFFSETS[index % END_OFFSETS.length] as number),
}));

const PRODUCT_COLUMNS = ['serviceTag', 'model', 'family', 'siteId', 'supportEndDate'] as const;

function csvOf(rows: readonly ProductRecord[], extra: readonly string[] = []): string {
  const lines = rows.map((row) => PRODUCT_COLUMNS.map((column) => row[column]).join(','));
  return `${PRODUCT_COLUMNS.join(',')}\n${[...lines, ...extra].join('\n')}\n`;
}

function importing(
  kind: string,
  options: { body?: unknown; rawBody?: string; contentType?: string },
  org = ORG,
) {
  return api('POST', `/v1/operator/organizations/${org}/imports/${kind}`, {
    token: operatorToken,
    ...options,
  });
}

function expectOk(answer: ApiAnswer): Record<string, unknown> {
  if (answer.status !== 200) throw new Error(`expected 200, got ${answer.status}: ${answer.text}`);
  return answer.body;
}

async function everyProduct(organizationId: string, scope: PortalScope = EVERYTHING): Promise<Product[]> {
  const products: Product[] = [];
  let cursor: string | undefined;
  do {
    const page = await inventory.productPage(organizationId, { scope, limit: 70, cursor });
    products.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return products;
}

type Cells = Record<string, number>;

function cellsOfCounters(sites: readonly SiteCounters[]): Cells {
  const cells: Cells = {};
  for (const site of sites) {
    for (const [family, counts] of Object.entries(site.families)) {
      for (const [status, count] of Object.entries(counts)) {
        if (count !== 0) cells[`${site.siteId}/${family}/${status}`] = count;
      }
    }
  }
  return cells;
}

function cellsOfProducts(
  products: ReadonlyArray<Pick<Product, 'siteId' | 'family' | 'supportStatus'>>,
): Cells {
  const cells: Cells = {};
  for (const { siteId, family, supportStatus } of products) {
    const cell = `${siteId}/${family}/${supportStatus}`;
    cells[cell] = (cells[cell] ?? 0) + 1;
  }
  return cells;
}

function expected(rows: readonly ProductRecord[]): Array<ProductRecord & { supportStatus: SupportStatus }> {
  return rows.map((row) => ({ ...row, supportStatus: supportStatusOn(row.supportEndDate, TODAY) }));
}

beforeAll(async () => {
  stack = await sharedStack();
  api = apiClient(stack);
  operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
  inventory = new DynamoPortalInventory(awsClients(stack).documents, stack.tableName);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('the demo inventory', () => {
  it('is seeded into org-acme with counters that equal its products', async () => {
    const products = await everyProduct('org-acme');
    const counters = await inventory.siteCounters('org-acme');

    expect(products).toHaveLength(TEST_DEMO_PRODUCTS);
    expect(new Set(products.map((product) => product.supportStatus))).toEqual(
      new Set(['ACTIVE', 'EXPIRING', 'EXPIRED']),
    );
    expect(cellsOfCounters(counters)).toEqual(cellsOfProducts(products));
  });
});

describe('an operator’s import over HTTP', () => {
  it('imports sites as JSON, rejecting bad and repeated rows by field', async () => {
    const report = expectOk(
      await importing('sites', {
        body: { rows: [...SITES, { ...SITES[0], siteId: 'NT-BAD', country: 'XX' }, SITES[1]] },
      }),
    );

    expect(report).toEqual({
      organizationId: ORG,
      kind: 'sites',
      received: 5,
      created: 3,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      rejectedRows: [
        { row: 4, key: 'NT-BAD', errors: [{ field: 'country', detail: expect.any(String) }] },
        { row: 5, key: 'NT-HQ', errors: [{ field: 'siteId', detail: 'repeats row 2' }] },
      ],
    });
  });

  it('imports products as CSV, with line numbers for the rejected rows', async () => {
    const extra = [
      'NT-X1,Model 1,PowerEdge,NT-NOWHERE,2030-01-01',
      'NT-X2,Model 1,PowerEdge,NT-HQ,2030-02-30',
      `${PRODUCTS[0]?.serviceTag},Model 1,PowerEdge,NT-HQ,2030-01-01`,
    ];

    const report = expectOk(
      await importing('products', { rawBody: csvOf(PRODUCTS, extra), contentType: 'text/csv' }),
    );

    expect(report).toMatchObject({ received: 253, created: 250, updated: 0, unchanged: 0, rejected: 3 });
    expect(report.rejectedRows).toEqual([
      { row: 251, line: 252, key: 'NT-X1', errors: [{ field: 'siteId', detail: expect.any(String) }] },
      {
        row: 252,
        line: 253,
        key: 'NT-X2',
        errors: [{ field: 'supportEndDate', detail: expect.any(String) }],
      },
      { row: 253, line: 254, key: 'NT00000', errors: [{ field: 'serviceTag', detail: 'repeats row 1' }] },
    ]);
    const stored = await everyProduct(ORG);
    expect(stored.sort((a, b) => a.serviceTag.localeCompare(b.serviceTag))).toEqual(expected(PRODUCTS));
    expect(cellsOfCounters(await inventory.siteCounters(ORG))).toEqual(cellsOfProducts(expected(PRODUCTS)));
  });

  it('finds the same file imported again all unchanged', async () => {
    const again = expectOk(
      await importing('products', { rawBody: csvOf(PRODUCTS), contentType: 'text/csv' }),
    );
    const sites = expectOk(await importing('sites', { body: { rows: SITES } }));

    expect(again).toMatchObject({ received: 250, created: 0, updated: 0, unchanged: 250, rejected: 0 });
    expect(sites).toMatchObject({ received: 3, created: 0, updated: 0, unchanged: 3 });
  });

  it('moves the counters with products that change site, family or end date', async () => {
    const changed = PRODUCTS.slice(0, 40).map((product, index) =>
      index % 2
        ? { ...product, siteId: 'NT-YARD', family: 'Rugged Tablet' }
        : { ...product, supportEndDate: addDays(TODAY, -10) },
    );
    const final = [...changed, ...PRODUCTS.slice(40)];

    const report = expectOk(await importing('products', { body: { rows: changed } }));

    expect(report.updated).toBeGreaterThan(0);
    expect((report.updated as number) + (report.unchanged as number)).toBe(40);
    expect(cellsOfCounters(await inventory.siteCounters(ORG))).toEqual(cellsOfProducts(expected(final)));
    const atYard = await everyProduct(ORG, {
      sites: new Set(['NT-YARD']),
      families: new Set(['Rugged Tablet']),
    });
    expect(atYard.map((product) => product.serviceTag).sort()).toEqual(
      final
        .filter((product) => product.siteId === 'NT-YARD' && product.family === 'Rugged Tablet')
        .map((product) => product.serviceTag)
        .sort(),
    );
  });

  it('keeps the counters exact when two imports of the same products race', async () => {
    const moved = PRODUCTS.slice(100, 180).map((product) => ({
      ...product,
      siteId: 'NT-DEPOT',
      model: 'Raced',
    }));

    const answers = await Promise.all([
      importing('products', { body: { rows: moved } }),
      importing('products', { body: { rows: moved } }),
    ]);

    for (const answer of answers) expectOk(answer);
    const stored = await everyProduct(ORG);
    expect(cellsOfCounters(await inventory.siteCounters(ORG))).toEqual(cellsOfProducts(stored));
    expect(stored.filter((product) => product.model === 'Raced')).toHaveLength(80);
  });

  it("pages a restricted member's (site, family) pairs, sized by the counters, as reading them in key order", async () => {
    const scope: PortalScope = {
      sites: new Set(['NT-DEPOT', 'NT-YARD']),
      // PowerEdge, hidden, sorts between Latitude and PowerSwitch: runs of pairs read and drop it.
      families: new Set(['Latitude', 'PowerSwitch', 'Rugged Tablet']),
    };
    const counters = await inventory.siteCounters(ORG);
    const stored = await everyProduct(ORG);
    const keyOrder = (product: Product) => `${product.siteId}\u0000${product.family}#${product.serviceTag}`;
    const inKeyOrder = (products: readonly Product[]) =>
      [...products].sort((a, b) => Buffer.compare(Buffer.from(keyOrder(a)), Buffer.from(keyOrder(b))));

    for (const status of [undefined, 'EXPIRED'] as const) {
      const wanted = inKeyOrder(
        stored.filter(
          (product) =>
            (scope.sites as ReadonlySet<string>).has(product.siteId) &&
            (scope.families as ReadonlySet<string>).has(product.family) &&
            (status === undefined || product.supportStatus === status),
        ),
      ).map((product) => product.serviceTag);
      for (const limit of [7, 50]) {
        // Counters are a hint: stale ones (every cell zero, or ten times too many) change the requests, never the
        // page.
        const stale = (factor: number) =>
          counters.map((site) => ({
            ...site,
            families: Object.fromEntries(
              Object.entries(site.families).map(([family, counts]) => [
                family,
                {
                  ACTIVE: counts.ACTIVE * factor,
                  EXPIRING: counts.EXPIRING * factor,
                  EXPIRED: counts.EXPIRED * factor,
                },
              ]),
            ),
          }));
        for (const sized of [counters, undefined, stale(0), stale(10)]) {
          const tags: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await inventory.productPage(ORG, { scope, status, limit, cursor, counters: sized });
            tags.push(...page.items.map((product) => product.serviceTag));
            cursor = page.cursor;
          } while (cursor);
          expect(tags, `status ${status ?? 'any'}, pages of ${limit}`).toEqual(wanted);
        }
      }
    }
  });

  it('refuses another media type (415), an organization that is not an active customer (404) and a non-operator (403)', async () => {
    expect((await importing('sites', { rawBody: 'x', contentType: 'text/plain' })).status).toBe(415);
    expect((await importing('sites', { body: { rows: SITES } }, 'org-pending-initech')).status).toBe(404);
    expect((await importing('sites', { body: { rows: SITES } }, 'org-bridgewater')).status).toBe(404);
    const member = await verifiedPerson(stack, 'curious@globex.example');
    const refused = await api('POST', `/v1/operator/organizations/${ORG}/imports/sites`, {
      token: member,
      body: { rows: SITES },
    });
    expect(refused.status).toBe(403);
  });
});
