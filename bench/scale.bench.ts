import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDocumentClient } from '../functions/core/adapters/aws-clients';
import { accountItem } from '../functions/core/adapters/dynamodb/account-item';
import { DynamoAccountStore } from '../functions/core/adapters/dynamodb/account.store';
import { DynamoDueWorkIndex } from '../functions/core/adapters/dynamodb/due-work.index';
import { DynamoOrganizationDirectory } from '../functions/core/adapters/dynamodb/organization.directory';
import { keys } from '../functions/core/adapters/dynamodb/table-design';
import type { Account } from '../functions/core/domain/account';
import { matchOrganizations, type Organization } from '../functions/core/domain/organization';
import type { DueKind } from '../functions/core/domain/scheduled-work';
import type { JobBudget, JobReport } from '../functions/core/use-cases/jobs/due-work';
import { remindStalledOnboarding } from '../functions/core/use-cases/jobs/onboarding-jobs';
import type { DueWorkIndex, Mailer } from '../functions/core/ports';
import { ensureTable } from '../local/bootstrap';
import { DynamoDbMeter } from './support/dynamodb-meter';
import { mean, percentile, ratio, round } from './support/stats';
import {
  positive,
  printTable,
  type BenchSuite,
  withDynamoDbLocal,
  BENCH_REGION as REGION,
} from './support/suite';

/**
 * `npm run bench -- scale`: does cost grow with the data? On DynamoDB Local in memory:
 * 1. the match by email domain that business registration does (DynamoOrganizationDirectory.findByEmailDomain)
 *    with 10 and with 100,000 organizations, each setup in its own table, measured in turns;
 * 2. the remind-stalled-onboarding job over 100,000 due items, run through its use case with the jobs
 *    handler's page size and time budget, counting pages and what is held at once. See bench/README.md.
 */

const LARGE_ORGANIZATIONS = positive('BENCH_SCALE_ORGANIZATIONS', 100_000);
const SMALL_ORGANIZATIONS = 10;
const LOOKUP_RUNS = positive('BENCH_SCALE_RUNS', 200);
const LOOKUP_WARM_UP_RUNS = positive('BENCH_SCALE_WARM_UP_RUNS', 20);
const JOB_ITEMS = positive('BENCH_JOB_ITEMS', 100_000);
/** BatchWriteItem requests in flight at once while populating. */
const WRITE_CONCURRENCY = positive('BENCH_WRITE_CONCURRENCY', 8);
/** functions/jobs/scheduled-job.handler.ts: PAGE_SIZE, SAFETY_MARGIN_MS, and the jobs function's timeout (lib/schedules.ts). */
const PAGE_SIZE = 50;
const SAFETY_MARGIN_MS = 30_000;
const JOBS_TIMEOUT_SECONDS = 300;
const REMINDER_AFTER_SECONDS = 600;

/** The domain looked up: owned by one organization in both setups, as a single-match registration finds it. */
const LOOKUP_DOMAIN = 'scale-target.example';

export const scaleBench: BenchSuite = {
  name: 'scale',
  description:
    'organization match by domain at 10 vs 100,000 organizations; jobs paging over 100,000 due items',
  run: () => withDynamoDbLocal(run),
};

function organizationNumber(n: number): Organization {
  const id = String(n).padStart(6, '0');
  return {
    organizationId: `org-scale-${id}`,
    name: `Scale Organization ${id}`,
    kind: 'CUSTOMER',
    status: 'ACTIVE',
    city: 'Munich',
    country: 'DE',
    // The last one owns the looked-up domain; the others own their own domain (and a second one every tenth).
    domains:
      n === 0
        ? [LOOKUP_DOMAIN]
        : n % 10 === 0
          ? [`org-${id}.example`, `org-${id}.example.net`]
          : [`org-${id}.example`],
  };
}

/** The items DynamoOrganizationDirectory.createOrganization writes for `organization` (checked against it below). */
function organizationItems(organization: Organization): Record<string, unknown>[] {
  return [
    {
      ...keys.organization(organization.organizationId),
      entity: 'ORGANIZATION',
      memberCount: 0,
      ...organization,
    },
    ...organization.domains.map((domain) => ({
      ...keys.organizationDomain(organization.organizationId, domain),
      ...keys.domainIndex(domain, organization.organizationId),
      entity: 'ORGANIZATION_DOMAIN',
      ...organization,
    })),
  ];
}

/** Writes `items` with BatchWriteItem, 25 at a time, `WRITE_CONCURRENCY` requests in flight. */
async function batchWrite(
  documents: DynamoDBDocumentClient,
  tableName: string,
  items: Iterable<Record<string, unknown>>,
  total: number,
  label: string,
): Promise<number> {
  const iterator = items[Symbol.iterator]();
  let written = 0;
  let lastPrint = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const chunk: Record<string, unknown>[] = [];
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        chunk.push(next.value);
        if (chunk.length === 25) break;
      }
      if (chunk.length === 0) return;
      let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const answer = await documents.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
      written += chunk.length;
      if (written - lastPrint >= 20_000 || written === total) {
        lastPrint = written;
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `  ${label}: ${written.toLocaleString('en')} / ${total.toLocaleString('en')} items ` +
            `(${Math.round(written / seconds).toLocaleString('en')}/s, ${seconds.toFixed(1)} s)`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
  return (performance.now() - started) / 1000;
}

function* generate<T>(count: number, make: (n: number) => Iterable<T>): Iterable<T> {
  for (let n = 0; n < count; n++) yield* make(n);
}

function sameItem(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  const sorted = (item: Record<string, unknown>) =>
    JSON.stringify(Object.entries(item).sort(([x], [y]) => x.localeCompare(y)));
  return a !== undefined && sorted(a) === sorted(b);
}

async function run(endpoint: string): Promise<Record<string, unknown>> {
  const documents = createDynamoDocumentClient({ endpoint, region: REGION });
  const plain = createDynamoDocumentClient({ endpoint, region: REGION });
  const meter = new DynamoDbMeter().attach(documents);
  const dynamodb = new DynamoDBClient({ endpoint, region: REGION });

  const loadBefore = os.loadavg();
  const match = await organizationMatch(dynamodb, documents, plain, meter);
  const jobs = await scheduledJobs(dynamodb, documents, plain, meter);
  const loadAfter = os.loadavg();
  console.log(
    `\nLoad average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, ` +
      `after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
  );
  return {
    database: 'DynamoDB Local (in memory)',
    loadAverage: { before: loadBefore, after: loadAfter },
    organizationMatch: match,
    jobs,
  };
}

// ─── 1. Organization match by domain ────────────────────────────────────────────────────────────────────────

async function organizationMatch(
  dynamodb: DynamoDBClient,
  documents: DynamoDBDocumentClient,
  plain: DynamoDBDocumentClient,
  meter: DynamoDbMeter,
): Promise<Record<string, unknown>> {
  const setups = [
    { key: '10', tableName: 'portico-scale-10', organizations: SMALL_ORGANIZATIONS },
    { key: '100k', tableName: 'portico-scale-100k', organizations: LARGE_ORGANIZATIONS },
  ] as const;
  const population: Record<string, { organizations: number; items: number; seconds: number }> = {};
  for (const setup of setups) {
    await ensureTable(dynamodb, setup.tableName);
    // The looked-up organization goes through the real adapter; the items written in bulk are checked against it.
    const directory = new DynamoOrganizationDirectory(plain, setup.tableName);
    const target = organizationNumber(0);
    if (!(await directory.createOrganization(target))) throw new Error('the target organization exists');
    for (const expected of organizationItems(target)) {
      const { Item } = await plain.send(
        new GetCommand({ TableName: setup.tableName, Key: { pk: expected.pk, sk: expected.sk } }),
      );
      if (!sameItem(Item, expected)) {
        throw new Error(
          `bulk items differ from the adapter's: ${JSON.stringify(Item)} vs ${JSON.stringify(expected)}`,
        );
      }
    }
    const others = setup.organizations - 1;
    const items = others + Math.floor(others / 10) + others;
    console.log(`Populating ${setup.tableName}: ${setup.organizations.toLocaleString('en')} organizations …`);
    const seconds = await batchWrite(
      plain,
      setup.tableName,
      generate(others, (n) => organizationItems(organizationNumber(n + 1))),
      items,
      setup.tableName,
    );
    population[setup.key] = {
      organizations: setup.organizations,
      items: items + 2,
      seconds: round(seconds, 1),
    };
  }

  console.log(
    `\nMeasuring findByEmailDomain('${LOOKUP_DOMAIN}'): ${LOOKUP_WARM_UP_RUNS} warm-up runs, then ` +
      `${LOOKUP_RUNS} runs of each setup in turns …`,
  );
  const cases = setups.map((setup) => ({
    ...setup,
    directory: new DynamoOrganizationDirectory(documents, setup.tableName),
    samples: [] as { ms: number; roundTrips: number; readUnits: number }[],
  }));
  for (let run = 0; run < LOOKUP_WARM_UP_RUNS; run++) {
    for (const one of cases) await one.directory.findByEmailDomain(LOOKUP_DOMAIN);
  }
  for (let run = 0; run < LOOKUP_RUNS; run++) {
    for (let turn = 0; turn < cases.length; turn++) {
      const one = cases[(run + turn) % cases.length] as (typeof cases)[number];
      meter.reset();
      const started = performance.now();
      const found = await one.directory.findByEmailDomain(LOOKUP_DOMAIN);
      const ms = performance.now() - started;
      const outcome = matchOrganizations(found);
      if (outcome.outcome !== 'SINGLE' || outcome.organization.organizationId !== 'org-scale-000000') {
        throw new Error(`${one.tableName}: the match answered ${JSON.stringify(outcome)}`);
      }
      const usage = meter.usage();
      one.samples.push({ ms, roundTrips: usage.roundTrips, readUnits: usage.readUnits });
    }
  }
  const figures = Object.fromEntries(
    cases.map((one) => {
      const latencies = one.samples.map((sample) => sample.ms);
      return [
        one.key,
        {
          organizations: one.organizations,
          runs: one.samples.length,
          roundTrips: Math.max(...one.samples.map((sample) => sample.roundTrips)),
          readUnits: round(mean(one.samples.map((sample) => sample.readUnits)), 2),
          p50Ms: round(percentile(latencies, 50), 3),
          p95Ms: round(percentile(latencies, 95), 3),
          meanMs: round(mean(latencies), 3),
        },
      ];
    }),
  ) as Record<
    '10' | '100k',
    {
      organizations: number;
      runs: number;
      roundTrips: number;
      readUnits: number;
      p50Ms: number;
      p95Ms: number;
      meanMs: number;
    }
  >;
  const small = figures['10'];
  const large = figures['100k'];
  const ratios = {
    p50Ms: ratio(large.p50Ms, small.p50Ms),
    p95Ms: ratio(large.p95Ms, small.p95Ms),
    roundTrips: ratio(large.roundTrips, small.roundTrips),
    readUnits: ratio(large.readUnits, small.readUnits),
  };
  const rows = [['setup', 'organizations', 'runs', 'round trips', 'RCU', 'p50 ms', 'p95 ms']];
  for (const one of [small, large]) {
    rows.push([
      one === small ? '10' : '100k',
      one.organizations.toLocaleString('en'),
      String(one.runs),
      String(one.roundTrips),
      one.readUnits.toFixed(1),
      one.p50Ms.toFixed(2),
      one.p95Ms.toFixed(2),
    ]);
  }
  rows.push([
    '100k ÷ 10',
    '',
    '',
    `×${ratios.roundTrips}`,
    `×${ratios.readUnits}`,
    `×${ratios.p50Ms}`,
    `×${ratios.p95Ms}`,
  ]);
  console.log('\nOrganization match by email domain (findByEmailDomain, as registerBusiness calls it)');
  printTable(rows);
  console.log(`  target: p50 ratio ≤ 1.1 → ${ratios.p50Ms <= 1.1 ? 'met' : 'MISSED'}`);
  return { population, figures, ratios, target: { maxRatio: 1.1, met: ratios.p50Ms <= 1.1 } };
}

// ─── 2. Scheduled jobs over 100k due items ──────────────────────────────────────────────────────────────────

/** A full garbage collection, so heapUsed is what is still held (V8's flag set at run time, as --expose-gc). */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Every this many pages the heap is measured after a full collection: what the job holds, not its garbage. */
const HEAP_CHECK_PAGES = 100;

/** The byDue index as the jobs read it, counting pages and the most ids held at once. */
class CountingDueWork implements DueWorkIndex {
  pages = 0;
  emptyPages = 0;
  items = 0;
  largestPage = 0;
  /** heapUsed after a full collection, sampled every HEAP_CHECK_PAGES pages. */
  retainedHeap: number[] = [];
  constructor(
    private readonly inner: DueWorkIndex,
    private readonly gc?: () => void,
  ) {}
  async duePage(kind: DueKind, now: Date, limit: number, after?: string) {
    if (this.gc && this.pages % HEAP_CHECK_PAGES === 0) {
      this.gc();
      this.retainedHeap.push(process.memoryUsage().heapUsed);
    }
    const page = await this.inner.duePage(kind, now, limit, after);
    this.pages += 1;
    if (page.ids.length === 0) this.emptyPages += 1;
    this.items += page.ids.length;
    this.largestPage = Math.max(this.largestPage, page.ids.length);
    if (page.ids.length > limit)
      throw new Error(`a page of ${page.ids.length} ids, more than the ${limit} asked`);
    return page;
  }
}

interface JobFigures {
  readonly job: string;
  readonly items: number;
  readonly populateSeconds: number;
  readonly runs: readonly (JobReport & { readonly seconds: number; readonly pages: number })[];
  readonly processed: number;
  readonly pages: number;
  readonly emptyPages: number;
  readonly pageSize: number;
  readonly largestPage: number;
  readonly meanItemsPerPage: number;
  readonly seconds: number;
  readonly itemsPerSecond: number;
  readonly heapBaselineMb: number;
  /** Largest heapUsed seen (garbage included) above the baseline. */
  readonly peakHeapGrowthMb: number;
  /** Largest heapUsed after a full collection (sampled every HEAP_CHECK_PAGES pages) above the baseline. */
  readonly retainedHeapGrowthMb: number;
  readonly roundTrips: number;
  readonly readUnitsPerItem: number;
  readonly writeUnitsPerItem: number;
  readonly leftDue: number;
}

async function scheduledJobs(
  dynamodb: DynamoDBClient,
  documents: DynamoDBDocumentClient,
  plain: DynamoDBDocumentClient,
  meter: DynamoDbMeter,
): Promise<Record<string, unknown>> {
  const tableName = 'portico-scale-jobs';
  await ensureTable(dynamodb, tableName);
  const past = Date.now() - 2 * 86_400_000;
  const accounts = new DynamoAccountStore(documents, tableName, REMINDER_AFTER_SECONDS);
  let emails = 0;
  const mailer: Mailer = {
    send: async () => {
      emails += 1;
    },
  };
  const clock = { now: () => new Date() };

  // Stalled sign-ups: verified, stopped before choosing the access type two days ago (one reminder due each).
  const account = (n: number): Account => {
    const at = new Date(past + n).toISOString();
    return {
      userId: `scale-user-${String(n).padStart(6, '0')}`,
      email: `person${n}@scale-${n % 1000}.example`,
      emailDomain: `scale-${n % 1000}.example`,
      emailDomainKind: 'WORK',
      firstName: 'Sam',
      lastName: 'Scale',
      country: 'DE',
      state: 'CHOOSE_ACCESS_TYPE',
      createdAt: at,
      updatedAt: at,
      revision: 2,
    };
  };
  const kinds = [
    {
      job: 'remind-stalled-onboarding',
      kind: 'ONBOARDING_REMINDER' as const,
      populate: () =>
        batchWrite(
          plain,
          tableName,
          generate(JOB_ITEMS, (n) => [accountItem(account(n), REMINDER_AFTER_SECONDS)]),
          JOB_ITEMS,
          'stalled accounts',
        ),
      run: (dueWork: DueWorkIndex, budget: JobBudget) =>
        remindStalledOnboarding(
          {
            accounts,
            dueWork,
            mailer,
            clock,
            portalUrl: 'http://localhost',
            reminderAfterSeconds: REMINDER_AFTER_SECONDS,
          },
          budget,
        ),
    },
  ];

  const results: JobFigures[] = [];
  for (const spec of kinds) {
    console.log(`\nPopulating ${JOB_ITEMS.toLocaleString('en')} items due for ${spec.job} …`);
    const populateSeconds = await spec.populate();
    const gc = collectGarbage();
    const dueWork = new CountingDueWork(new DynamoDueWorkIndex(documents, tableName), gc);
    gc();
    const heapBaseline = process.memoryUsage().heapUsed;
    let peakHeap = heapBaseline;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 25);
    meter.reset();
    emails = 0;
    const runs: (JobReport & { seconds: number; pages: number })[] = [];
    const started = performance.now();
    console.log(
      `Running ${spec.job} as the jobs handler does (page size ${PAGE_SIZE}, ${JOBS_TIMEOUT_SECONDS} s timeout) …`,
    );
    // Each run is one invocation: it stops taking pages SAFETY_MARGIN_MS before the timeout; the next run
    // (the next schedule) goes on with what is still due.
    for (;;) {
      const runStarted = performance.now();
      const deadline = Date.now() + JOBS_TIMEOUT_SECONDS * 1000;
      const pagesBefore = dueWork.pages;
      const report = await spec.run(dueWork, {
        pageSize: PAGE_SIZE,
        hasTimeLeft: () => deadline - Date.now() > SAFETY_MARGIN_MS,
      });
      const seconds = (performance.now() - runStarted) / 1000;
      runs.push({ ...report, seconds: round(seconds, 1), pages: dueWork.pages - pagesBefore });
      console.log(
        `  run ${runs.length}: ${report.done.toLocaleString('en')} done, ${report.failed} failed, ` +
          `${report.unfinished ? 'stopped at its time budget' : 'finished'} (${seconds.toFixed(1)} s)`,
      );
      if (!report.unfinished || runs.length >= 10) break;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const processed = runs.reduce((sum, one) => sum + one.done, 0);
    // Whatever is still due now (none, if every item was acted on).
    const check = new CountingDueWork(new DynamoDueWorkIndex(plain, tableName));
    const leftDue = (await check.duePage(spec.kind, new Date(), 10)).ids.length;
    const usage = meter.usage();

    // The assertions: the job paged (never more than a page held), and acted on every item.
    if (dueWork.largestPage > PAGE_SIZE || dueWork.pages < Math.ceil(JOB_ITEMS / PAGE_SIZE)) {
      throw new Error(
        `${spec.job} read ${JOB_ITEMS} items in ${dueWork.pages} pages (largest ${dueWork.largestPage})`,
      );
    }
    if (processed !== JOB_ITEMS || leftDue !== 0) {
      throw new Error(`${spec.job} acted on ${processed} of ${JOB_ITEMS} items; ${leftDue}+ still due`);
    }
    if (spec.job === 'remind-stalled-onboarding' && emails !== JOB_ITEMS) {
      throw new Error(`${spec.job} sent ${emails} reminders for ${JOB_ITEMS} accounts`);
    }
    results.push({
      job: spec.job,
      items: JOB_ITEMS,
      populateSeconds: round(populateSeconds, 1),
      runs,
      processed,
      pages: dueWork.pages,
      emptyPages: dueWork.emptyPages,
      pageSize: PAGE_SIZE,
      largestPage: dueWork.largestPage,
      meanItemsPerPage: round(dueWork.items / dueWork.pages, 1),
      seconds: round(seconds, 1),
      itemsPerSecond: Math.round(processed / seconds),
      heapBaselineMb: round(heapBaseline / 2 ** 20, 1),
      peakHeapGrowthMb: round((peakHeap - heapBaseline) / 2 ** 20, 1),
      retainedHeapGrowthMb: round((Math.max(...dueWork.retainedHeap) - heapBaseline) / 2 ** 20, 1),
      roundTrips: usage.roundTrips,
      readUnitsPerItem: round(usage.readUnits / processed, 2),
      writeUnitsPerItem: round(usage.writeUnits / processed, 2),
      leftDue,
    });
  }

  const rows = [
    [
      'job',
      'due items',
      'runs',
      'pages',
      'items/page (max)',
      'processed',
      'seconds',
      'items/s',
      'heap +MB peak (retained)',
      'RCU/WCU per item',
    ],
  ];
  for (const one of results) {
    rows.push([
      one.job,
      one.items.toLocaleString('en'),
      `${one.runs.length}${one.runs.some((r) => r.unfinished) ? ' (budget)' : ''}`,
      one.pages.toLocaleString('en'),
      `${one.meanItemsPerPage} (${one.largestPage})`,
      one.processed.toLocaleString('en'),
      one.seconds.toFixed(1),
      one.itemsPerSecond.toLocaleString('en'),
      `${one.peakHeapGrowthMb.toFixed(1)} (${one.retainedHeapGrowthMb.toFixed(1)})`,
      `${one.readUnitsPerItem}/${one.writeUnitsPerItem}`,
    ]);
  }
  console.log(
    `\nScheduled jobs over ${JOB_ITEMS.toLocaleString('en')} due items (use cases with the handler's page size and budget)`,
  );
  printTable(rows);
  return {
    pageSize: PAGE_SIZE,
    budget: { timeoutSeconds: JOBS_TIMEOUT_SECONDS, safetyMarginMs: SAFETY_MARGIN_MS },
    results,
  };
}
