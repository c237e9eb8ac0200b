import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDocumentClient } from '../functions/core/adapters/aws-clients';
import { accountItem } from '../functions/core/adapters/dynamodb/account-item';
import { DynamoAuditLog } from '../functions/core/adapters/dynamodb/audit-log.store';
import { DynamoMemberDirectory } from '../functions/core/adapters/dynamodb/member.directory';
import { DynamoOrganizationDirectory } from '../functions/core/adapters/dynamodb/organization.directory';
import { DynamoOrganizationStatusReader } from '../functions/core/adapters/dynamodb/organization-status.reader';
import { DynamoPortalInventoryWriter } from '../functions/core/adapters/dynamodb/portal-inventory.writer';
import { DynamoPortalOverviewReader } from '../functions/core/adapters/dynamodb/portal-overview.reader';
import { RecentPortalReads } from '../functions/core/use-cases/portal/recent-reads';
import { DynamoPortalSettings } from '../functions/core/adapters/dynamodb/portal-settings.store';
import { DynamoAccountStore } from '../functions/core/adapters/dynamodb/account.store';
import { keyRange, keys } from '../functions/core/adapters/dynamodb/table-design';
import type { Account, MemberRole } from '../functions/core/domain/account';
import { visibilityChanged } from '../functions/core/domain/audit-log';
import {
  dayOf,
  type ProductRecord,
  SUPPORT_STATUSES,
  supportStatusOn,
} from '../functions/core/domain/portal';
import { MAX_IMPORT_ROWS } from '../functions/core/domain/portal-import';
import { ensureTable } from '../local/bootstrap';
import { benchProducts, benchSites, expectedCounts, FAMILIES, importRequests } from './support/dataset';
import { itemSize } from './support/capacity-model';
import { DynamoDbMeter, type ItemReader, type Usage } from './support/dynamodb-meter';
import { importProducts, type ImportFigures, progressLine } from './support/populate';
import { seedProducts, type SeedFigures } from './support/bulk-seed';
import { measureDigestBackfill } from './support/digest-backfill';
import { mean, percentile, ratio, round } from './support/stats';
import {
  positive,
  printTable,
  type BenchSuite,
  withDynamoDbLocal,
  BENCH_REGION as REGION,
} from './support/suite';
import { type PortalDeps, requestSummary, type SummaryTotals } from './support/summary-request';
import { LIST_CASES, listRatio, sampleList, summarizeList, type ListFigures } from './support/product-lists';
import {
  exportNodeOptions,
  runBackgroundExports,
  sampleExportFirstPage,
  summarizeFirstPage,
  type BackgroundExportCase,
  type BackgroundExportFigures,
  type FirstPageFigures,
  type FirstPageSample,
} from './support/export-jobs';

/**
 * `npm run bench -- summary`: the cost of the portal Summary for an organization with 1,000 products and one with 50,000,
 * on the same 40 sites and 12 families, measured on DynamoDB Local (in memory, on a free port, gone afterwards)
 * through the real adapters and use case. Prints a table; its figures go to bench/results.json under `summary`. See bench/README.md.
 */

const RUNS = positive('BENCH_RUNS', 50);
const WARM_UP_RUNS = positive('BENCH_WARM_UP_RUNS', 5);
/** Import requests in flight at once while populating (each holds whole sites, so they never collide). */
const IMPORT_CONCURRENCY = positive('BENCH_IMPORT_CONCURRENCY', 4);
/**
 * `BENCH_IMPORT_ALL=1` imports every product through the adapter (minutes for 50,000 on DynamoDB Local); by
 * default only each organization's first import request is, and the rest is seeded in bulk.
 */
const IMPORT_ALL = process.env.BENCH_IMPORT_ALL === '1';
/** BatchWriteItem requests in flight at once while seeding. */
const SEED_CONCURRENCY = positive('BENCH_SEED_CONCURRENCY', 8);
const TABLE_NAME = 'portico-bench';

const ORGANIZATIONS = [
  { key: '1k', organizationId: 'org-bench-1k', products: 1_000 },
  { key: '50k', organizationId: 'org-bench-50k', products: 50_000 },
] as const;
type OrganizationKey = (typeof ORGANIZATIONS)[number]['key'];

/** The restricted member sees 10 of the 40 sites and 4 of the 12 families. */
const MEMBER_SITES = benchSites()
  .filter((_, index) => index % 4 === 0)
  .map((site) => site.siteId);
const MEMBER_FAMILIES = FAMILIES.filter((_, index) => index % 3 === 0);

const VIEWERS = ['administrator', 'member'] as const;
type Viewer = (typeof VIEWERS)[number];

interface SummaryFigures {
  readonly runs: number;
  /** DynamoDB commands one Summary sends (the same on every run; min and max shown if not). */
  readonly roundTrips: number;
  readonly roundTripsRange: readonly [number, number];
  readonly commands: Readonly<Record<string, number>>;
  /** Mean milliseconds one Summary waits on each kind of command (summed; the use case overlaps its reads). */
  readonly commandMs: Readonly<Record<string, number>>;
  /** Read capacity units one Summary consumes (mean over the runs). */
  readonly readUnits: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly meanMs: number;
  /** What the Summary answered, checked against the generated data. */
  readonly totals: SummaryTotals;
}

function account(organizationId: string, role: MemberRole, now: string): Account {
  const name = role === 'ADMINISTRATOR' ? 'admin' : 'member';
  return {
    userId: `${organizationId}-${name}`,
    email: `${name}@${organizationId}.example`,
    emailDomain: `${organizationId}.example`,
    emailDomainKind: 'WORK',
    firstName: name === 'admin' ? 'Ada' : 'Max',
    lastName: 'Bench',
    country: 'DE',
    state: 'ACTIVE',
    accessType: 'CUSTOMER_EMPLOYEE',
    organizationId,
    organizationName: organizationId,
    role,
    createdAt: now,
    updatedAt: now,
    revision: 1,
  };
}

/** The Summary suite: DynamoDB Local in memory for the length of the run. */
export const summaryBench: BenchSuite = {
  name: 'summary',
  description:
    'portal Summary, lists, searches and exports at 1,000 vs 50,000 products; import throughput and capacity',
  run: () => withDynamoDbLocal((endpoint) => run(endpoint, { exportsOnly: false })),
};

/**
 * `npm run bench -- exports`: the summary suite's organizations populated the same way, then only its whole
 * background exports (1k, 4,264, ~20,000 and 50,000 products; memory and time), not the Summary, lists, first
 * pages or the backfill. Its figures go to results.json under `exports`, so the summary's stay.
 */
export const exportsBench: BenchSuite = {
  name: 'exports',
  description: "the summary suite's whole background exports only (time and memory, 1k to 50k products)",
  run: () => withDynamoDbLocal((endpoint) => run(endpoint, { exportsOnly: true })),
};

async function run(
  endpoint: string,
  options: { readonly exportsOnly: boolean },
): Promise<Record<string, unknown>> {
  await ensureTable(new DynamoDBClient({ endpoint, region: REGION }), TABLE_NAME);
  const documents = createDynamoDocumentClient({ endpoint, region: REGION });
  const meter = new DynamoDbMeter().attach(documents);
  // Unmetered: prices the counter updates of an import by the size of the site items afterwards.
  const plain = createDynamoDocumentClient({ endpoint, region: REGION });
  const read: ItemReader = async (TableName, Key) =>
    (await plain.send(new GetCommand({ TableName, Key }))).Item;
  const inventory = new DynamoPortalInventoryWriter(documents, TABLE_NAME);
  const organizations = new DynamoOrganizationDirectory(documents, TABLE_NAME);
  const settings = new DynamoPortalSettings(documents, TABLE_NAME);
  const deps: PortalDeps = {
    accounts: new DynamoAccountStore(documents, TABLE_NAME, 86_400),
    organizationStatus: new DynamoOrganizationStatusReader(documents, TABLE_NAME),
    organizations,
    inventory,
    settings,
    overview: new DynamoPortalOverviewReader(documents, TABLE_NAME),
    recent: new RecentPortalReads(),
    members: new DynamoMemberDirectory(documents, TABLE_NAME),
    audit: new DynamoAuditLog(documents, TABLE_NAME),
    clock: { now: () => new Date() },
  };
  const now = new Date().toISOString();
  const today = dayOf(new Date());

  const imports: Record<string, ImportFigures & { readonly singleRequest?: ImportFigures }> = {};
  let reimport: ImportFigures | undefined;
  const seeded: Partial<Record<OrganizationKey, SeedFigures>> = {};
  const datasets = new Map<OrganizationKey, ProductRecord[]>();

  console.log(
    `Populating (import requests of at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows` +
      `${IMPORT_ALL ? '' : '; after the first, seeded in bulk'}) …`,
  );
  for (const { key, organizationId, products: count } of ORGANIZATIONS) {
    await organizations.createOrganization({
      organizationId,
      name: `Bench ${key}`,
      kind: 'CUSTOMER',
      status: 'ACTIVE',
      city: 'Munich',
      country: 'DE',
      domains: [`${organizationId}.example`],
    });
    await inventory.importSites(organizationId, benchSites());
    const products = benchProducts(count, today);
    datasets.set(key, products);
    const requests = importRequests(products, MAX_IMPORT_ROWS);

    // The first request alone (what one call of the import route does), then the rest side by side.
    const [first, ...rest] = requests;
    if (!first) throw new Error('no products to import');
    const single = await importProducts({
      inventory,
      meter,
      organizationId,
      requests: [first],
      today,
      concurrency: 1,
      read,
    });
    const progress = progressLine(organizationId);
    progress(first.length, count, single.figures.seconds);
    if (rest.length > 0 && !IMPORT_ALL) {
      // The rest is seeded in bulk: the items the import writes, with batch writes (support/bulk-seed.ts).
      const figures = await seedProducts({
        documents: plain,
        tableName: TABLE_NAME,
        organizationId,
        requests: rest,
        today,
        concurrency: SEED_CONCURRENCY,
      });
      seeded[key] = figures;
      console.log(
        `  ${organizationId}: ${figures.products.toLocaleString('en')} more products seeded in ` +
          `${figures.seconds.toFixed(1)} s (${figures.productsPerSecond.toLocaleString('en')}/s, ` +
          `${figures.batchWrites.toLocaleString('en')} batch writes)`,
      );
    }
    const others =
      rest.length === 0 || !IMPORT_ALL
        ? undefined
        : await importProducts({
            inventory,
            meter,
            organizationId,
            requests: rest,
            today,
            concurrency: IMPORT_CONCURRENCY,
            read,
            progress: (done, _total, seconds) =>
              progress(first.length + done, count, single.figures.seconds + seconds),
          });
    const created = [...single.outcomes, ...(others?.outcomes ?? [])].filter(
      (outcome) => outcome.result === 'CREATED',
    );
    const expectedCreated = count - (seeded[key]?.products ?? 0);
    if (created.length !== expectedCreated) {
      throw new Error(`${organizationId}: ${created.length} of ${expectedCreated} created`);
    }
    imports[key] = {
      ...(others ? combine(single.figures, others.figures) : single.figures),
      singleRequest: single.figures,
    };

    if (key === '50k') {
      // Importing again what is stored must write nothing.
      const again = await importProducts({
        inventory,
        meter,
        organizationId,
        requests: [first],
        today,
        concurrency: 1,
        read,
      });
      if (again.outcomes.some((outcome) => outcome.result !== 'UNCHANGED')) {
        throw new Error('importing the same rows again changed something');
      }
      reimport = again.figures;
    }

    // The two viewers: an administrator (sees everything) and a member restricted by the visibility rules.
    for (const role of ['ADMINISTRATOR', 'MEMBER'] as const) {
      await documents.send(
        new PutCommand({
          TableName: TABLE_NAME,
          Item: accountItem(account(organizationId, role, now), 86_400),
        }),
      );
    }
    // Groups the Summary lists: one the administrator shares, one the member keeps private.
    await settings.createGroup({
      groupId: 'bench-shared',
      organizationId,
      ownerId: `${organizationId}-admin`,
      name: 'Data centre',
      shared: true,
      definition: { kind: 'FAMILIES', families: ['Servers', 'Storage', 'Networking'] },
      createdAt: now,
      updatedAt: now,
      revision: 0,
    });
    await settings.createGroup({
      groupId: 'bench-private',
      organizationId,
      ownerId: `${organizationId}-member`,
      name: 'My laptops',
      shared: false,
      definition: { kind: 'FAMILIES_AT_SITES', families: ['Laptops'], sites: MEMBER_SITES.slice(0, 3) },
      createdAt: now,
      updatedAt: now,
      revision: 0,
    });
    await settings.saveVisibility(
      organizationId,
      {
        sites: MEMBER_SITES,
        families: MEMBER_FAMILIES,
        updatedAt: now,
        updatedBy: `${organizationId}-admin`,
        revision: 1,
      },
      visibilityChanged(
        organizationId,
        { userId: `${organizationId}-admin`, email: `admin@${organizationId}.example` },
        { sites: MEMBER_SITES, families: MEMBER_FAMILIES, revision: 1 },
        new Date(now),
      ),
    );
  }

  // What the Summary reads: one site item per site, its size bounded by families × statuses counter cells.
  const siteItems = {} as Record<OrganizationKey, SiteItems>;
  for (const { key, organizationId } of ORGANIZATIONS) {
    const { pk, sk: prefix } = keys.site(organizationId, '');
    const range = keyRange(prefix);
    const { Items = [] } = await plain.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': pk, ':low': range.low, ':high': range.high },
      }),
    );
    siteItems[key] = {
      items: Items.length,
      meanBytes: Math.round(mean(Items.map((item) => itemSize(item)))),
      totalBytes: Items.reduce((sum, item) => sum + itemSize(item), 0),
      meanCounterCells: round(
        mean(Items.map((item) => Object.keys(item).filter((name) => name.startsWith('c#')).length)),
        1,
      ),
      maxCounterCells: FAMILIES.length * SUPPORT_STATUSES.length,
    };
  }

  if (options.exportsOnly) {
    const background = await measureBackgroundExports(endpoint, plain, datasets, today);
    return {
      dataset: { today, sites: benchSites().length, families: FAMILIES.length },
      background,
      seeded,
    };
  }

  console.log(
    `\nMeasuring the Summary: ${WARM_UP_RUNS} warm-up runs, then ${RUNS} measured runs of each case, ` +
      'the four cases (two organizations × two viewers) taking turns …',
  );
  const cases = ORGANIZATIONS.flatMap(({ key, organizationId }) =>
    VIEWERS.map((viewer) => ({
      key,
      viewer,
      userId: `${organizationId}-${viewer === 'administrator' ? 'admin' : 'member'}`,
      expected: expectedCounts(
        datasets.get(key) ?? [],
        today,
        viewer === 'administrator'
          ? { sites: 'ALL', families: 'ALL' }
          : { sites: new Set(MEMBER_SITES), families: new Set<string>(MEMBER_FAMILIES) },
      ),
      samples: [] as Sample[],
    })),
  );
  for (let run = 0; run < WARM_UP_RUNS; run++) {
    for (const one of cases) await requestSummary(deps, one.userId);
  }
  // Taking turns (and starting each round with the next case) spreads drift, GC and JIT over all cases alike.
  for (let run = 0; run < RUNS; run++) {
    for (let turn = 0; turn < cases.length; turn++) {
      const one = cases[(run + turn) % cases.length] as (typeof cases)[number];
      one.samples.push(await sampleSummary(deps, meter, one.userId));
    }
  }
  const summary = {} as Record<OrganizationKey, Record<Viewer, SummaryFigures>>;
  for (const one of cases) {
    (summary[one.key] ??= {} as Record<Viewer, SummaryFigures>)[one.viewer] = summarize(
      one.userId,
      one.samples,
      one.expected,
    );
  }

  const ratios = Object.fromEntries(
    VIEWERS.map((viewer) => {
      const small = summary['1k'][viewer];
      const large = summary['50k'][viewer];
      return [
        viewer,
        {
          roundTrips: ratio(large.roundTrips, small.roundTrips),
          readUnits: ratio(large.readUnits, small.readUnits),
          p50Ms: ratio(large.p50Ms, small.p50Ms),
          p95Ms: ratio(large.p95Ms, small.p95Ms),
        },
      ];
    }),
  ) as Record<Viewer, Record<RatioName, number>>;

  console.log(
    `\nMeasuring product lists and searches: ${WARM_UP_RUNS} warm-up runs, then ${RUNS} measured runs of each case …`,
  );
  const listCases = ORGANIZATIONS.flatMap(({ key, organizationId, products }) =>
    VIEWERS.flatMap((viewer) =>
      LIST_CASES.map((listCase) => ({
        key,
        viewer,
        listCase,
        userId: `${organizationId}-${viewer === 'administrator' ? 'admin' : 'member'}`,
        query: listCase.query(key, products),
        samples: [] as Awaited<ReturnType<typeof sampleList>>[],
      })),
    ),
  );
  for (let run = 0; run < WARM_UP_RUNS; run++) {
    for (const one of listCases) {
      await sampleList(deps, meter, one.userId, one.query, one.listCase.check, one.listCase.limit);
    }
  }
  for (let run = 0; run < RUNS; run++) {
    for (let turn = 0; turn < listCases.length; turn++) {
      const one = listCases[(run + turn) % listCases.length] as (typeof listCases)[number];
      one.samples.push(
        await sampleList(deps, meter, one.userId, one.query, one.listCase.check, one.listCase.limit),
      );
    }
  }
  const lists = listCases.map((one) => ({
    organization: one.key,
    viewer: one.viewer,
    case: one.listCase.name,
    ...summarizeList(one.samples),
  }));
  printLists(lists);

  console.log(
    `\nMeasuring the first page of an export (1,000 products as CSV): ${WARM_UP_RUNS} warm-up runs, then ${RUNS} ` +
      'measured runs of each case …',
  );
  const firstPageCases = ORGANIZATIONS.flatMap(({ key, organizationId }) =>
    VIEWERS.map((viewer) => ({
      key,
      viewer,
      userId: `${organizationId}-${viewer === 'administrator' ? 'admin' : 'member'}`,
      samples: [] as FirstPageSample[],
    })),
  );
  for (let run = 0; run < WARM_UP_RUNS; run++) {
    for (const one of firstPageCases) await sampleExportFirstPage(deps, meter, one.userId, {});
  }
  for (let run = 0; run < RUNS; run++) {
    for (let turn = 0; turn < firstPageCases.length; turn++) {
      const one = firstPageCases[(run + turn) % firstPageCases.length] as (typeof firstPageCases)[number];
      one.samples.push(await sampleExportFirstPage(deps, meter, one.userId, {}));
    }
  }
  const exportFirstPage = firstPageCases.map((one) => ({
    organization: one.key,
    viewer: one.viewer,
    ...summarizeFirstPage(one.samples),
  }));
  printExportFirstPage(exportFirstPage);

  const background = await measureBackgroundExports(endpoint, plain, datasets, today);

  console.log('\nThe digest schedule backfill (backfill-digest-schedules) over both organizations …');
  const backfill = await measureDigestBackfill({
    documents,
    plain,
    meter,
    tableName: TABLE_NAME,
    organizationIds: ORGANIZATIONS.map(({ organizationId }) => organizationId),
    // Every product whose status will still change has a byDue SUPPORT_STATUS entry.
    entries: [...datasets.values()]
      .flat()
      .filter((product) => supportStatusOn(product.supportEndDate, today) !== 'EXPIRED').length,
  });
  console.log(
    `  ${backfill.entries.toLocaleString('en')} byDue entries paged in ${backfill.roundTrips} round trips ` +
      `(${JSON.stringify(backfill.commands)}), ${backfill.readUnits} RCU, ${backfill.writeUnits} WCU, ` +
      `${backfill.seconds.toFixed(1)} s; ${backfill.organizationsScheduled} organizations scheduled; ` +
      `the next run: ${backfill.afterwards.roundTrips} round trip, ${backfill.afterwards.readUnits} RCU`,
  );

  const results = {
    database: 'DynamoDB Local (in memory), same process host; capacity units as DynamoDB Local reports them',
    dataset: {
      today,
      sites: benchSites().length,
      families: FAMILIES.length,
      endDates: 'uniform from 2 years before today to 3 years after',
      member: { sites: MEMBER_SITES.length, families: MEMBER_FAMILIES.length },
      siteItems,
    },
    summary: { '1k': summary['1k'], '50k': summary['50k'], ratios },
    lists,
    exports: {
      firstPage: exportFirstPage,
      firstPageRatios: Object.fromEntries(
        VIEWERS.map((viewer) => {
          const [small, large] = (['1k', '50k'] as const).map((key) =>
            exportFirstPage.find((row) => row.organization === key && row.viewer === viewer),
          );
          return [viewer, small && large ? listRatio(small, large) : undefined];
        }),
      ),
      background,
    },
    digestScheduleBackfill: backfill,
    import: { ...imports, reimport50kFirstRequest: reimport },
    seeded,
  };
  printReport(summary, ratios, siteItems, imports, reimport, seeded);
  return results;
}

type RatioName = 'roundTrips' | 'readUnits' | 'p50Ms' | 'p95Ms';

/** The whole background exports (exportCasesOf), each in a process of its own: printed, and their figures. */
async function measureBackgroundExports(
  endpoint: string,
  documents: ReturnType<typeof createDynamoDocumentClient>,
  datasets: ReadonlyMap<OrganizationKey, readonly ProductRecord[]>,
  today: string,
) {
  console.log(
    "\nBackground exports to s3rver, each in a fresh process running the export function's bundle …",
  );
  const background = await runBackgroundExports({
    dynamodbEndpoint: endpoint,
    region: REGION,
    tableName: TABLE_NAME,
    documents,
    cases: exportCasesOf(datasets, today),
  });
  printBackgroundExports(background.exports);
  return {
    bundleBytes: background.bundleBytes,
    nodeOptions: background.nodeOptions,
    runs: background.exports,
    memory: memoryFlatness(background.exports),
  };
}

/**
 * The background exports measured, smallest to largest: the 1k organization whole, then selections of the 50k
 * one (a family, a status, everything) as its administrator, so the file grows from 1,000 to 50,000 products
 * while everything else stays the same.
 */
function exportCasesOf(
  datasets: ReadonlyMap<OrganizationKey, readonly ProductRecord[]>,
  today: string,
): BackgroundExportCase[] {
  const small = datasets.get('1k') ?? [];
  const large = datasets.get('50k') ?? [];
  const family = FAMILIES[0];
  return [
    {
      label: 'org-bench-1k: everything',
      organizationId: 'org-bench-1k',
      ownerId: 'org-bench-1k-admin',
      selection: {},
      format: 'csv',
      expectedCount: small.length,
    },
    {
      label: `org-bench-50k: family ${family}`,
      organizationId: 'org-bench-50k',
      ownerId: 'org-bench-50k-admin',
      selection: { family },
      format: 'csv',
      expectedCount: large.filter((product) => product.family === family).length,
    },
    {
      label: 'org-bench-50k: status EXPIRED',
      organizationId: 'org-bench-50k',
      ownerId: 'org-bench-50k-admin',
      selection: { status: 'EXPIRED' },
      format: 'csv',
      expectedCount: large.filter((product) => supportStatusOn(product.supportEndDate, today) === 'EXPIRED')
        .length,
    },
    {
      label: 'org-bench-50k: everything',
      organizationId: 'org-bench-50k',
      ownerId: 'org-bench-50k-admin',
      selection: {},
      format: 'csv',
      expectedCount: large.length,
    },
    {
      // Twice the bytes of the CSV (9.9 MB), spooled and sent the same way.
      label: 'org-bench-50k: everything, JSON',
      organizationId: 'org-bench-50k',
      ownerId: 'org-bench-50k-admin',
      selection: {},
      format: 'json',
      expectedCount: large.length,
    },
  ];
}

/**
 * How memory grows with the file, for each set of NODE_OPTIONS: the largest CSV export's peaks over the
 * smallest's (flat: about ×1).
 */
function memoryFlatness(runs: readonly BackgroundExportFigures[]) {
  return [...new Set(runs.map((run) => run.nodeOptions))].map((nodeOptions) => {
    const sorted = runs
      .filter((run) => run.nodeOptions === nodeOptions && !run.label.includes('JSON'))
      .sort((a, b) => a.products - b.products);
    const small = sorted[0];
    const large = sorted.at(-1);
    if (!small || !large) return { nodeOptions };
    return {
      nodeOptions,
      products: `${small.products} → ${large.products}`,
      productsRatio: ratio(large.products, small.products),
      vmHwmRatio: ratio(large.vmHwmMb, small.vmHwmMb),
      peakHeapRatio: ratio(large.peakHeapUsedMb, small.peakHeapUsedMb),
      /** Peak RSS above the instance's own before the export, MB. */
      rssGrowthMb: sorted.map((run) => ({
        products: run.products,
        mb: round(run.vmHwmMb - run.baseRssMb, 1),
      })),
    };
  });
}

function printExportFirstPage(
  rows: readonly ({ organization: string; viewer: string } & FirstPageFigures)[],
): void {
  const table: string[][] = [
    [
      'viewer',
      'rows 1k/50k',
      'round trips 1k/50k',
      'RCU 1k/50k',
      'p50 ms 1k/50k',
      'p95 ms 1k/50k',
      'p50 ×',
      '≤ 1.2',
    ],
  ];
  for (const viewer of VIEWERS) {
    const small = rows.find((row) => row.viewer === viewer && row.organization === '1k');
    const large = rows.find((row) => row.viewer === viewer && row.organization === '50k');
    if (!small || !large) continue;
    const ratios = listRatio(small, large);
    table.push([
      viewer,
      `${small.rows}/${large.rows}`,
      `${small.roundTrips}/${large.roundTrips}`,
      `${small.readUnits}/${large.readUnits}`,
      `${small.p50Ms}/${large.p50Ms}`,
      `${small.p95Ms}/${large.p95Ms}`,
      `×${ratios.p50Ms}`,
      // A member of the 1k organization sees fewer products than one page: not the same work.
      small.rows !== large.rows ? 'n/a' : ratios.p50Ms <= 1.2 ? 'yes' : 'NO',
    ]);
  }
  console.log('\nExport: the first page (planExport and 1,000 products as CSV), 1k vs 50k products');
  printTable(table);
}

function printBackgroundExports(runs: readonly BackgroundExportFigures[]): void {
  const table: string[][] = [
    [
      'export',
      'products',
      'MB',
      'seconds',
      'products/s',
      'CPU s',
      'RSS before',
      'peak RSS',
      'heap before',
      'peak heap',
      'peak RSS by quarter of the run',
      'GC minor/major (ms)',
    ],
  ];
  for (const run of runs) {
    table.push([
      run.label,
      run.products.toLocaleString('en'),
      (run.bytes / 2 ** 20).toFixed(2),
      run.seconds.toFixed(1),
      run.productsPerSecond.toLocaleString('en'),
      run.cpuSeconds.toFixed(1),
      `${run.baseRssMb.toFixed(0)} MB`,
      `${run.vmHwmMb.toFixed(0)} MB`,
      `${run.baseHeapUsedMb.toFixed(0)} MB`,
      `${run.peakHeapUsedMb.toFixed(0)} MB`,
      run.quarters.map((quarter) => quarter.peakRssMb.toFixed(0)).join(' / '),
      `${run.collections.minor}/${run.collections.major} (${run.collections.ms})`,
    ]);
  }
  console.log(
    '\nBackground exports: the export function in a process of its own, against s3rver ' +
      `(NODE_OPTIONS: ${exportNodeOptions()
        .map((set) => set || 'none')
        .join('; ')})`,
  );
  printTable(table);
}

type ListRow = { organization: string; viewer: string; case: string } & ListFigures;

/** The lists and searches of both organizations side by side, with the 50k ÷ 1k ratios (target ≤ 1.2 at p50). */
function printLists(lists: readonly ListRow[]): void {
  const rows: string[][] = [
    [
      'case',
      'viewer',
      'items 1k/50k',
      'round trips 1k/50k',
      'RCU 1k/50k',
      'p50 ms 1k/50k',
      'p95 ms 1k/50k',
      'p50 ×',
      '≤ 1.2',
    ],
  ];
  for (const listCase of LIST_CASES) {
    for (const viewer of VIEWERS) {
      const small = lists.find(
        (row) => row.case === listCase.name && row.viewer === viewer && row.organization === '1k',
      );
      const large = lists.find(
        (row) => row.case === listCase.name && row.viewer === viewer && row.organization === '50k',
      );
      if (!small || !large) continue;
      const ratios = listRatio(small, large);
      rows.push([
        listCase.name,
        viewer,
        `${small.items}/${large.items}`,
        `${small.roundTrips}/${large.roundTrips}`,
        `${small.readUnits}/${large.readUnits}`,
        `${small.p50Ms}/${large.p50Ms}`,
        `${small.p95Ms}/${large.p95Ms}`,
        `×${ratios.p50Ms}`,
        ratios.p50Ms <= 1.2 ? 'yes' : 'NO',
      ]);
    }
  }
  console.log('\nProduct lists and searches (first page of 50 unless named), 1k vs 50k products');
  printTable(rows);
}

interface SiteItems {
  readonly items: number;
  readonly meanBytes: number;
  readonly totalBytes: number;
  /** Counter attributes (`c#<family>#<STATUS>`) per site item: at most families × statuses. */
  readonly meanCounterCells: number;
  readonly maxCounterCells: number;
}

interface Sample {
  readonly ms: number;
  readonly usage: Usage;
  readonly totals: SummaryTotals;
}

async function sampleSummary(deps: PortalDeps, meter: DynamoDbMeter, userId: string): Promise<Sample> {
  meter.reset();
  const started = performance.now();
  const totals = await requestSummary(deps, userId);
  return { ms: performance.now() - started, usage: meter.usage(), totals };
}

function summarize(
  userId: string,
  samples: readonly Sample[],
  expected: ReturnType<typeof expectedCounts>,
): SummaryFigures {
  const want = {
    total: expected.total,
    active: expected.ACTIVE,
    expiring: expected.EXPIRING,
    expired: expected.EXPIRED,
  };
  for (const { totals } of samples) {
    if (JSON.stringify(totals) !== JSON.stringify(want)) {
      throw new Error(
        `Summary of ${userId} answered ${JSON.stringify(totals)}, expected ${JSON.stringify(want)}`,
      );
    }
  }
  const latencies = samples.map((sample) => sample.ms);
  const roundTrips = samples.map((sample) => sample.usage.roundTrips);
  const commandNames = [...new Set(samples.flatMap((sample) => Object.keys(sample.usage.commands)))].sort();
  const perCommand = (pick: (usage: Usage) => Readonly<Record<string, number>>) =>
    Object.fromEntries(
      commandNames.map((name) => [
        name,
        round(mean(samples.map((sample) => pick(sample.usage)[name] ?? 0)), 2),
      ]),
    );
  return {
    runs: samples.length,
    roundTrips: Math.round(mean(roundTrips)),
    roundTripsRange: [Math.min(...roundTrips), Math.max(...roundTrips)],
    commands: perCommand((usage) => usage.commands),
    commandMs: perCommand((usage) => usage.commandMs),
    readUnits: round(mean(samples.map((sample) => sample.usage.readUnits)), 2),
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    meanMs: round(mean(latencies), 2),
    totals: want,
  };
}

function addRecords(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return Object.fromEntries(names.map((name) => [name, (a[name] ?? 0) + (b[name] ?? 0)]));
}

/** The figures of a whole population: both parts' time and capacity added up. */
function combine(a: ImportFigures, b: ImportFigures): ImportFigures {
  const products = a.products + b.products;
  const seconds = a.seconds + b.seconds;
  const usage = {
    commands: addRecords(a.usage.commands, b.usage.commands),
    commandMs: addRecords(a.usage.commandMs, b.usage.commandMs),
    roundTrips: a.usage.roundTrips + b.usage.roundTrips,
    retries: a.usage.retries + b.usage.retries,
    failures: a.usage.failures + b.usage.failures,
    readUnits: a.usage.readUnits + b.usage.readUnits,
    writeUnits: a.usage.writeUnits + b.usage.writeUnits,
    indexWriteUnits: a.usage.indexWriteUnits + b.usage.indexWriteUnits,
    unpricedWrites: a.usage.unpricedWrites + b.usage.unpricedWrites,
    reported: {
      readUnits: a.usage.reported.readUnits + b.usage.reported.readUnits,
      writeUnits: a.usage.reported.writeUnits + b.usage.reported.writeUnits,
    },
  };
  return {
    products,
    requests: a.requests + b.requests,
    concurrency: b.concurrency,
    seconds: round(seconds, 2),
    productsPerSecond: Math.round(products / seconds),
    writeUnitsPerProduct: round(usage.writeUnits / products, 2),
    indexWriteUnitsPerProduct: round(usage.indexWriteUnits / products, 2),
    readUnitsPerProduct: round(usage.readUnits / products, 2),
    clientCpuMsPer1000: Math.round(
      (a.clientCpuMsPer1000 * a.products + b.clientCpuMsPer1000 * b.products) / products,
    ),
    usage,
  };
}

function printReport(
  summary: Record<OrganizationKey, Record<Viewer, SummaryFigures>>,
  ratios: Record<Viewer, Record<RatioName, number>>,
  siteItems: Record<OrganizationKey, SiteItems>,
  imports: Record<string, ImportFigures & { readonly singleRequest?: ImportFigures }>,
  reimport: ImportFigures | undefined,
  seeded: Partial<Record<OrganizationKey, SeedFigures>>,
): void {
  const rows: string[][] = [
    ['organization', 'viewer', 'products seen', 'round trips', 'RCU', 'p50 ms', 'p95 ms'],
  ];
  for (const { key, organizationId } of ORGANIZATIONS) {
    for (const viewer of VIEWERS) {
      const figures = summary[key][viewer];
      const [low, high] = figures.roundTripsRange;
      rows.push([
        organizationId,
        viewer,
        figures.totals.total.toLocaleString('en'),
        low === high ? String(low) : `${low}–${high}`,
        figures.readUnits.toFixed(1),
        figures.p50Ms.toFixed(2),
        figures.p95Ms.toFixed(2),
      ]);
    }
  }
  for (const viewer of VIEWERS) {
    const r = ratios[viewer];
    rows.push(['50k ÷ 1k', viewer, '', `×${r.roundTrips}`, `×${r.readUnits}`, `×${r.p50Ms}`, `×${r.p95Ms}`]);
  }
  console.log(`\nSummary (${RUNS} runs of each case after ${WARM_UP_RUNS} warm-up runs)`);
  printTable(rows);
  for (const { key, organizationId } of ORGANIZATIONS) {
    const sites = siteItems[key];
    console.log(
      `  ${organizationId}: the Summary reads ${sites.items} site items, ${sites.totalBytes.toLocaleString('en')} B ` +
        `(${sites.meanCounterCells} of at most ${sites.maxCounterCells} counter cells per site)`,
    );
  }

  const importRows: string[][] = [
    [
      'import',
      'products',
      'requests',
      'seconds',
      'products/s',
      'WCU/product (indexes)',
      'RCU/product',
      'client CPU ms/1k',
    ],
  ];
  const line = (label: string, f: ImportFigures) => [
    label,
    f.products.toLocaleString('en'),
    `${f.requests} (×${f.concurrency})`,
    f.seconds.toFixed(1),
    f.productsPerSecond.toLocaleString('en'),
    `${f.writeUnitsPerProduct.toFixed(2)} (${f.indexWriteUnitsPerProduct.toFixed(2)})`,
    f.readUnitsPerProduct.toFixed(2),
    String(f.clientCpuMsPer1000),
  ];
  for (const { key, organizationId } of ORGANIZATIONS) {
    const figures = imports[key];
    if (!figures) continue;
    if (figures.singleRequest && figures.requests > 1) {
      importRows.push(line(`${organizationId}: one request alone`, figures.singleRequest));
    }
    const more = seeded[key];
    importRows.push(line(`${organizationId}: ${more ? 'first request' : 'all'}`, figures));
    if (more) {
      importRows.push([
        `${organizationId}: the rest, seeded in bulk`,
        more.products.toLocaleString('en'),
        `${more.batchWrites.toLocaleString('en')} batch writes (×${SEED_CONCURRENCY})`,
        more.seconds.toFixed(1),
        more.productsPerSecond.toLocaleString('en'),
        '–',
        '–',
        '–',
      ]);
    }
  }
  if (reimport) importRows.push(line('org-bench-50k: same request again', reimport));
  console.log('\nImport (DynamoPortalInventoryWriter.importProducts)');
  printTable(importRows);
}
