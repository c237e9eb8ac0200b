import { performance } from 'node:perf_hooks';
import { listProducts, type ProductListQuery } from '../../functions/core/use-cases/portal/products';
import { readAsPortalMember } from '../../functions/core/use-cases/portal-access';
import type { DynamoDbMeter } from './dynamodb-meter';
import { mean, percentile, ratio, round } from './stats';
import type { PortalDeps } from './summary-request';

/**
 * The product list's first pages and searches, as functions/portal/list-products.handler.ts serves them minus
 * HTTP: the account, then the use case (with its recent-reads guesses, warm after the warm-up runs, as in a
 * warm Lambda function). Each case is checked to answer what it must before it is timed.
 */

export interface ListCase {
  readonly name: string;
  readonly query: (organizationKey: string, products: number) => Omit<ProductListQuery, 'limit'>;
  /** The page size asked for: 50 unless the case says otherwise. */
  readonly limit?: number;
  /** How a correct first page looks, given the products the organization has. */
  readonly check: (
    items: readonly { serviceTag: string; model: string; supportEndDate: string }[],
  ) => boolean;
}

const PAGE = 50;

/**
 * A service tag of the bench data set is `BX<count>-` and then the product's index in five base-36 digits, so
 * `BX<count>-000` begins 1,000 tags of the 1k organization (all of them) and 1,296 of the 50k one, `BX<count>-0`
 * all tags of both; a model `Servers-1x0` is 10 of the 20 models of one family in 12 (1 product in 24).
 */
export const LIST_CASES: readonly ListCase[] = [
  { name: 'first page', query: () => ({}), check: (items) => items.length === PAGE },
  {
    name: 'first page by end date',
    query: () => ({ sort: 'supportEndDate' }),
    check: (items) =>
      items.length === PAGE &&
      items.every((item, i) => i === 0 || items[i - 1]!.supportEndDate <= item.supportEndDate),
  },
  {
    name: 'service tag prefix',
    query: (_key, products) => ({ serviceTag: `bx${products}-000` }),
    check: (items) => items.every((item) => item.serviceTag.includes('-000')),
  },
  {
    name: 'service tag exact',
    query: (_key, products) => ({ serviceTag: `BX${products}-0000A`, match: 'exact' }),
    check: (items) => items.length <= 1,
  },
  {
    name: 'service tag prefix + model prefix',
    query: (_key, products) => ({ serviceTag: `bx${products}-000`, model: 'servers-1' }),
    check: (items) =>
      items.length > 0 &&
      items.every(
        (item) => item.serviceTag.includes('-000') && item.model.toLowerCase().startsWith('servers-1'),
      ),
  },
  {
    // `Servers-` is 1 product in 12: an administrator's page fills at both sizes from about 700 tags of the range,
    // so both read the same; with `Servers-1` (1 in 24) neither fills one and each reads its whole range (1,000
    // tags / 1,296). A member sees a quarter of the servers: not a page at 1k either.
    name: 'tag prefix + model prefix (1 in 12)',
    query: (_key, products) => ({ serviceTag: `bx${products}-0`, model: 'servers-' }),
    check: (items) =>
      items.length > 0 &&
      items.every(
        (item) => item.serviceTag.includes('-0') && item.model.toLowerCase().startsWith('servers-'),
      ),
  },
  {
    name: 'model prefix',
    query: () => ({ model: 'servers-1' }),
    check: (items) => items.every((item) => item.model.toLowerCase().startsWith('servers-1')),
  },
  // The two searches above whose member's answer is smaller at 1k (21 and 14 products) than a page of 50, asked
  // for a page of 10 that both sizes fill for both viewers: the same answer, so what changes is the organization.
  {
    name: 'tag prefix + model prefix (1 in 12), page of 10',
    query: (_key, products) => ({ serviceTag: `bx${products}-0`, model: 'servers-' }),
    limit: 10,
    check: (items) =>
      items.length === 10 &&
      items.every(
        (item) => item.serviceTag.includes('-0') && item.model.toLowerCase().startsWith('servers-'),
      ),
  },
  {
    name: 'model prefix, page of 10',
    query: () => ({ model: 'servers-1' }),
    limit: 10,
    check: (items) =>
      items.length === 10 && items.every((item) => item.model.toLowerCase().startsWith('servers-1')),
  },
];

export interface ListFigures {
  readonly runs: number;
  readonly items: number;
  readonly roundTrips: number;
  readonly readUnits: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

interface ListSample {
  readonly ms: number;
  readonly roundTrips: number;
  readonly readUnits: number;
  readonly items: number;
}

export async function sampleList(
  deps: PortalDeps,
  meter: DynamoDbMeter,
  userId: string,
  query: Omit<ProductListQuery, 'limit'>,
  check: ListCase['check'],
  limit: number = PAGE,
): Promise<ListSample> {
  meter.reset();
  const started = performance.now();
  const page = await readAsPortalMember(deps, userId, (member) =>
    listProducts(deps, member, { ...query, limit }),
  );
  const ms = performance.now() - started;
  if (!check(page.items))
    throw new Error(`${JSON.stringify(query)} answered ${JSON.stringify(page.items.slice(0, 3))} …`);
  const usage = meter.usage();
  return { ms, roundTrips: usage.roundTrips, readUnits: usage.readUnits, items: page.items.length };
}

export function summarizeList(samples: readonly ListSample[]): ListFigures {
  const latencies = samples.map((sample) => sample.ms);
  return {
    runs: samples.length,
    items: Math.round(mean(samples.map((sample) => sample.items))),
    roundTrips: round(mean(samples.map((sample) => sample.roundTrips)), 2),
    readUnits: round(mean(samples.map((sample) => sample.readUnits)), 2),
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
  };
}

type Timed = Pick<ListFigures, 'readUnits' | 'p50Ms' | 'p95Ms'>;

export function listRatio(small: Timed, large: Timed) {
  return {
    readUnits: ratio(large.readUnits, small.readUnits),
    p50Ms: ratio(large.p50Ms, small.p50Ms),
    p95Ms: ratio(large.p95Ms, small.p95Ms),
  };
}
