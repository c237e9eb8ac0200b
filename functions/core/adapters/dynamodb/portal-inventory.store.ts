import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  NO_PRODUCTS,
  SUPPORT_STATUSES,
  type Product,
  type Site,
  type SiteCounters,
  type StatusCounts,
  type SupportStatus,
} from '../../domain/portal';
import { InvalidCursorError, type Page, type PortalInventory, type ProductQuery } from '../../ports';
import { type ProductSearch } from '../../domain/product-search';
import { planProductSegments, segmentKeyNames, type ProductSegment } from './product-query-plan';
import { keyRange, keys, TABLE_DESIGN } from './table-design';

/**
 * Sites (with their counters) and products in the Portico table (see table-design.ts and docs/portal.md).
 *
 * A site item carries one number attribute per family and status, `c#<family>#<STATUS>`. Every write that
 * creates a product, moves it or changes its status adds the deltas to its site(s) in the same transaction as
 * the product, and the product is written only over the revision that was read, so the counters are exact
 * under concurrent imports and the status job.
 */

export const storedSite = z.object({
  siteId: z.string(),
  name: z.string(),
  address: z.string(),
  city: z.string(),
  country: z.string(),
});

export const storedProduct = z.object({
  serviceTag: z.string(),
  model: z.string(),
  family: z.string(),
  siteId: z.string(),
  supportEndDate: z.string(),
  supportStatus: z.enum(SUPPORT_STATUSES),
  revision: z.int(),
  dueSk: z.optional(z.string()),
  /** Absent on products stored before the search keys existed (an import or the status job adds them). */
  modelKey: z.optional(z.string()),
});
export type StoredProduct = z.infer<typeof storedProduct>;

/** Most keys in one BatchGetItem. */
const MAX_BATCH_KEYS = 100;
/** Tries of one chunk of an import (or one roll) that lost a race before giving up. */
export const MAX_WRITE_ATTEMPTS = 6;
/** Query pages one list page may read before it answers with what it has and a cursor. */
const MAX_QUERIES_PER_PAGE = 50;
/** Without counters, a filtered query asks for at least this many items (the filter drops some after Limit). */
const UNSIZED_FILTERED_LIMIT = 200;
/** A sized query asks for this much more than the counters say it needs (products are not spread evenly)… */
const SIZING_MARGIN = 1.25;
/** …plus this many items. */
const SIZING_SLACK = 20;
/** The most items a sized query asks for (DynamoDB stops at 1 MB anyway: about 3,000 products). */
const MAX_SIZED_LIMIT = 5_000;
/**
 * The most segments read side by side in one round: a page of 50 over small (site, family) pairs reaches about
 * 25 of them (docs/portal.md), well under the SDK's 50 sockets per client.
 */
const MAX_SEGMENTS_PER_ROUND = 25;

/**
 * Consecutive (site, family) pairs of one site are read as one query over their key range, with the other
 * families filtered out, when that drops at most this many items per query it saves (small pairs: one request
 * instead of several; large ones stay apart, each read only for what it holds).
 */
const MAX_DROPPED_PER_SAVED_QUERY = 50;

const COUNTER_PREFIX = 'c#';

export function counterAttribute(family: string, status: SupportStatus): string {
  return `${COUNTER_PREFIX}${family}#${status}`;
}

/** The counters of a site item as families → counts. */
export function countersOf(item: Record<string, unknown>): Record<string, StatusCounts> {
  const families: Record<string, Record<SupportStatus, number>> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith(COUNTER_PREFIX) || typeof value !== 'number') continue;
    const separator = name.lastIndexOf('#');
    const family = name.slice(COUNTER_PREFIX.length, separator);
    const status = name.slice(separator + 1);
    if (!(SUPPORT_STATUSES as readonly string[]).includes(status) || family === '') continue;
    (families[family] ??= { ...NO_PRODUCTS })[status as SupportStatus] = value;
  }
  return families;
}

export function siteCountersOf(item: Record<string, unknown>): SiteCounters {
  return { ...storedSite.parse(item), families: countersOf(item) };
}

export function productOf(stored: StoredProduct): Product {
  const { serviceTag, model, family, siteId, supportEndDate, supportStatus } = stored;
  return { serviceTag, model, family, siteId, supportEndDate, supportStatus };
}

/** Whether a transaction lost a race (a condition on what was read, or a concurrent transaction). */

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

interface Position {
  readonly segment: number;
  readonly startKey?: Record<string, string> | undefined;
}

/** A key query a list reads: its KeyCondition and FilterExpression parts. */
interface ListSegment {
  readonly indexName?: string | undefined;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly partition: string;
  /** Queried as the key range of `keyRange(sortPrefix)`; '' reads the whole partition. */
  readonly sortPrefix: string;
  /** A key range of its own instead of `sortPrefix`'s (a search), both bounds included. */
  readonly range?: { readonly low: string; readonly high: string } | undefined;
  /** False reads the range from its end (latest first). @default true */
  readonly forward?: boolean | undefined;
  /** Key attributes of an item of this segment: what a cursor holds. */
  readonly keyNames: readonly string[];
  readonly filter?: {
    readonly expression: string;
    readonly names: Record<string, string>;
    readonly values: Record<string, unknown>;
  };
  /** What the counters say of the segment (only with counters); see SegmentEstimate. */
  readonly estimate?: SegmentEstimate | undefined;
  /** A (site, family) pair: its family, and the products between it and the site's next pair (see pairRun). */
  readonly pair?: PairOfSite | undefined;
  /** The site of a pair. */
  readonly site?: string | undefined;
}

interface PairOfSite {
  readonly family: string;
  /** Products (by the counters) of the families the scope hides that sort between this pair and the next. */
  readonly gapAfter: number;
}

/**
 * From the site counters: `scanned` items in the segment's key range, of which `matching` pass its filter. With
 * `whole`, both count the whole segment; without (a search: a part of the range), only their ratio is known.
 */
interface SegmentEstimate {
  readonly scanned: number;
  readonly matching: number;
  readonly whole: boolean;
}

/** One query of a round: a segment from a position, asking for `limit` items. */
interface PlannedQuery {
  readonly segment: number;
  /** With pairs of one site: the last pair the query covers, its families filtered (see pairRun). */
  readonly through?: number | undefined;
  readonly startKey?: Record<string, string> | undefined;
  readonly limit: number;
}

/** Products counted by the counters of the sites, families and statuses the predicates keep. */
function countProducts(
  counters: readonly SiteCounters[],
  keep: {
    readonly site?: (siteId: string) => boolean;
    readonly family?: (family: string) => boolean;
    readonly status?: SupportStatus | undefined;
  },
): number {
  let total = 0;
  for (const site of counters) {
    if (keep.site && !keep.site(site.siteId)) continue;
    for (const [family, counts] of Object.entries(site.families)) {
      if (keep.family && !keep.family(family)) continue;
      total += keep.status ? counts[keep.status] : counts.ACTIVE + counts.EXPIRING + counts.EXPIRED;
    }
  }
  return total;
}

/**
 * The queries of one round from `position`: the segment there, sized to what it is expected to need, and the
 * segments after it that the counters say the page will reach, read side by side. Without an estimate, one
 * query (filtered: at least UNSIZED_FILTERED_LIMIT items), as before counters.
 */
export function planRound(
  segments: ReadonlyArray<PlannedSegment>,
  position: Position,
  wanted: number,
  /**
   * The share of what it read that the filter of the segment at `position` kept in this page's last round
   * (Count ÷ ScannedCount), when that query stopped at its Limit: it sizes the next query of that segment, which
   * the counters sized wrong or could not size (a model filter in a service tag range, a member's model search).
   */
  observedShare?: number,
): PlannedQuery[] {
  const round: PlannedQuery[] = [];
  let need = wanted;
  for (
    let index = position.segment;
    index < segments.length && round.length < MAX_SEGMENTS_PER_ROUND;
    index++
  ) {
    const segment = segments[index] as PlannedSegment;
    const startKey = index === position.segment ? position.startKey : undefined;
    const estimate = segment.estimate;
    const run = pairRun(segments, index, need);
    if (run) {
      round.push({ segment: index, through: run.through, startKey, limit: run.limit });
      index = run.through;
      if (run.matching >= need) break;
      need -= run.matching;
      continue;
    }
    const observed = index === position.segment && segment.filter ? observedShare : undefined;
    if (!estimate) {
      if (round.length === 0) {
        round.push({
          segment: index,
          startKey,
          limit: segment.filter
            ? Math.max(
                need,
                UNSIZED_FILTERED_LIMIT,
                observed === undefined ? 0 : Math.min(sizedFor(need, observed), MAX_SIZED_LIMIT),
              )
            : need,
        });
      }
      break;
    }
    let limit = need;
    if (segment.filter) {
      // The share of the range the filter keeps: as this page's last query of the segment saw it, else as the
      // counters tell.
      const share = observed ?? (estimate.scanned > 0 ? estimate.matching / estimate.scanned : 1);
      const sized = sizedFor(need, share);
      const whole = estimate.whole ? Math.ceil(estimate.scanned * SIZING_MARGIN) + SIZING_SLACK : sized;
      // Never less than without counters: a share of 1 (nothing filtered by scope) would otherwise ask for too
      // few items when another filter (a status the counters got wrong, a model) keeps fewer.
      limit = Math.max(need, UNSIZED_FILTERED_LIMIT, Math.min(sized, whole, MAX_SIZED_LIMIT));
    }
    round.push({ segment: index, startKey, limit });
    if (!estimate.whole || estimate.matching >= need) break;
    need -= estimate.matching;
  }
  return round;
}

/** Items to read for `need` of them to pass a filter keeping `share`; never below 1 in 1,000 (counters may be stale). */
function sizedFor(need: number, share: number): number {
  return Math.ceil((need / Math.max(share, 0.001)) * SIZING_MARGIN) + SIZING_SLACK;
}

type PlannedSegment = Pick<ListSegment, 'filter' | 'estimate' | 'partition'> & {
  readonly pair?: PairOfSite | undefined;
};

/**
 * Consecutive pairs of one site from `first` that the page will reach, to read as one query: the longest such
 * run whose query drops (families the scope hides between them, other statuses) at most
 * MAX_DROPPED_PER_SAVED_QUERY items per query it saves. Undefined when no run of two or more pays; the query
 * then asks for the whole run (a margin over what the counters say it holds).
 */
export function pairRun(
  segments: ReadonlyArray<PlannedSegment>,
  first: number,
  need: number,
): { readonly through: number; readonly matching: number; readonly limit: number } | undefined {
  const head = segments[first];
  if (!head?.pair || !head.estimate?.whole) return undefined;
  let scanned = head.estimate.scanned;
  let matching = head.estimate.matching;
  let best: { through: number; scanned: number; matching: number } | undefined;
  for (let through = first; matching < need;) {
    const previous = segments[through] as PlannedSegment;
    const next = segments[through + 1];
    if (!next?.pair || !next.estimate?.whole || next.partition !== head.partition) break;
    scanned += (previous.pair?.gapAfter ?? 0) + next.estimate.scanned;
    matching += next.estimate.matching;
    through += 1;
    if (scanned - matching <= MAX_DROPPED_PER_SAVED_QUERY * (through - first)) {
      best = { through, scanned, matching };
    }
  }
  if (!best) return undefined;
  return {
    through: best.through,
    matching: best.matching,
    limit: Math.min(Math.ceil(best.scanned * SIZING_MARGIN) + SIZING_SLACK, MAX_SIZED_LIMIT),
  };
}

/**
 * Where a run of pairs stopped, from the key it stopped at: inside a pair (read on from the key), or in a hidden
 * family between two (the next pair, from its start).
 */
function positionInRun(
  segments: readonly ListSegment[],
  planned: PlannedQuery & { readonly through: number },
  stoppedAt: Record<string, string>,
): Position | undefined {
  const sortKey = stoppedAt[(segments[planned.segment] as ListSegment).sortKey] ?? '';
  for (let index = planned.segment; index <= planned.through; index++) {
    const segment = segments[index] as ListSegment;
    if (sortKey.startsWith(segment.sortPrefix)) return { segment: index, startKey: stoppedAt };
    if (segment.sortPrefix > sortKey) return { segment: index };
  }
  return planned.through + 1 < segments.length ? { segment: planned.through + 1 } : undefined;
}

/** The pair of a run an item of it belongs to. */
function pairOfItem(segments: readonly ListSegment[], planned: PlannedQuery, item: Record<string, unknown>) {
  if (planned.through === undefined) return planned.segment;
  for (let index = planned.segment; index <= planned.through; index++) {
    if ((segments[index] as ListSegment).pair?.family === item['family']) return index;
  }
  return planned.segment;
}

function encodeCursor(position: Position): string {
  return Buffer.from(
    JSON.stringify({ s: position.segment, ...(position.startKey ? { k: position.startKey } : {}) }),
  ).toString('base64url');
}

/** A cursor is only ever a position in the very list it was issued for; anything else is refused. */
function decodeCursor(cursor: string, segments: readonly ListSegment[]): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor this list issued');
  }
  const shape = z
    .strictObject({ s: z.int().check(z.nonnegative()), k: z.optional(z.record(z.string(), z.string())) })
    .safeParse(parsed);
  const segment = shape.success ? segments[shape.data.s] : undefined;
  if (!shape.success || !segment) throw new InvalidCursorError('not a cursor this list issued');
  const startKey = shape.data.k;
  if (startKey) {
    const names = Object.keys(startKey);
    const valid =
      names.length === segment.keyNames.length &&
      segment.keyNames.every((name) => typeof startKey[name] === 'string') &&
      startKey[segment.partitionKey] === segment.partition &&
      inSegmentRange(startKey[segment.sortKey] ?? '', segment);
    if (!valid) throw new InvalidCursorError('not a cursor this list issued');
  }
  return { segment: shape.data.s, startKey };
}

function inSegmentRange(sortKey: string, segment: ListSegment): boolean {
  return segment.range
    ? sortKey >= segment.range.low && sortKey <= segment.range.high
    : sortKey.startsWith(segment.sortPrefix);
}

function inFilter(
  attribute: string,
  values: readonly string[],
  prefix: string,
): { expression: string; names: Record<string, string>; values: Record<string, unknown> } {
  const placeholders: Record<string, unknown> = {};
  // IN takes at most 100 operands: longer lists are ORed.
  const groups = chunks(values, 100).map((group, groupIndex) =>
    group
      .map((value, index) => {
        const name = `:${prefix}${groupIndex}_${index}`;
        placeholders[name] = value;
        return name;
      })
      .join(', '),
  );
  const name = `#${prefix}`;
  return {
    expression: `(${groups.map((group) => `${name} IN (${group})`).join(' OR ')})`,
    names: { [name]: attribute },
    values: placeholders,
  };
}

function andFilters(filters: ReadonlyArray<ListSegment['filter']>): ListSegment['filter'] | undefined {
  const present = filters.filter((filter) => filter !== undefined);
  if (present.length === 0) return undefined;
  return {
    expression: present.map((filter) => filter.expression).join(' AND '),
    names: Object.assign({}, ...present.map((filter) => filter.names)) as Record<string, string>,
    values: Object.assign({}, ...present.map((filter) => filter.values)) as Record<string, unknown>,
  };
}

export class DynamoPortalInventory implements PortalInventory {
  constructor(
    protected readonly documents: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async siteCounters(organizationId: string): Promise<SiteCounters[]> {
    const sites: SiteCounters[] = [];
    const { pk, sk: prefix } = keys.site(organizationId, '');
    const range = keyRange(prefix);
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':pk': pk, ':low': range.low, ':high': range.high },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) sites.push(siteCountersOf(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return sites;
  }

  async getSites(organizationId: string, siteIds: readonly string[]): Promise<Site[]> {
    const items = await this.batchGet(siteIds.map((siteId) => keys.site(organizationId, siteId)));
    return items.map((item) => storedSite.parse(item));
  }

  async getProducts(organizationId: string, serviceTags: readonly string[]): Promise<Product[]> {
    return (await this.storedProducts(organizationId, serviceTags)).map(productOf);
  }

  async productPage(organizationId: string, query: ProductQuery): Promise<Page<Product>> {
    const search = query.search ?? {};
    const segments =
      query.order !== undefined || search.serviceTag !== undefined || search.model !== undefined
        ? [this.searchSegment(organizationId, query, search)]
        : withGaps(
            planProductSegments(organizationId, query.scope).map((segment) =>
              this.productSegment(segment, query.status, query.counters),
            ),
            query.counters,
          );
    if (segments.length === 0) {
      if (query.cursor !== undefined) throw new InvalidCursorError('not a cursor this list issued');
      return { items: [] };
    }
    const page = await this.readPage(segments, query.limit, query.cursor);
    return { items: page.items.map((item) => productOf(storedProduct.parse(item))), cursor: page.cursor };
  }

  protected async storedProducts(
    organizationId: string,
    serviceTags: readonly string[],
  ): Promise<StoredProduct[]> {
    const items = await this.batchGet(serviceTags.map((tag) => keys.product(organizationId, tag)));
    return items.map((item) => storedProduct.parse(item));
  }

  /** Consistent batch reads of any number of distinct keys, unprocessed keys retried. */
  protected async batchGet(
    keyList: ReadonlyArray<{ readonly pk: string; readonly sk: string }>,
  ): Promise<Record<string, unknown>[]> {
    const unique = [...new Map(keyList.map((key) => [`${key.pk}\n${key.sk}`, key])).values()];
    const items: Record<string, unknown>[] = [];
    for (const batch of chunks(unique, MAX_BATCH_KEYS)) {
      let pending: Array<Record<string, unknown>> = batch.map(({ pk, sk }) => ({ pk, sk }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        const answer = await this.documents.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        items.push(...(answer.Responses?.[this.tableName] ?? []));
        pending = answer.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (pending.length > 0) {
          if (attempt >= MAX_WRITE_ATTEMPTS * 2)
            throw new Error('DynamoDB kept keys of a batch read unprocessed');
          await sleep(backoffMs(attempt));
        }
      }
    }
    return items;
  }

  /**
   * The one key range a search or a sorted list reads, with the caller's scope, the status and the other search
   * term as a filter: service tags (the products themselves, by tag), model entries (by model), or the
   * bySupportEnd index (by end date, either way). A search reads only the products its term matches.
   */
  private searchSegment(organizationId: string, query: ProductQuery, search: ProductSearch): ListSegment {
    const { pk } = keys.product(organizationId, '');
    const scopeFilter = andFilters([
      query.scope.sites === 'ALL' ? undefined : inFilter('siteId', [...query.scope.sites].sort(), 'site'),
      query.scope.families === 'ALL'
        ? undefined
        : inFilter('family', [...query.scope.families].sort(), 'family'),
      query.status === undefined
        ? undefined
        : {
            expression: '#status = :status',
            names: { '#status': 'supportStatus' },
            values: { ':status': query.status },
          },
    ]);
    const tableKeys = [TABLE_DESIGN.partitionKey, TABLE_DESIGN.sortKey];
    // A search reads part of the organization's range: the counters tell only the share its filter keeps,
    // assuming the range is like the organization. Not so for a model range: a model belongs to one family, so
    // the share of a family allow list in it is all or nothing; a model search is not sized.
    const { sites, families } = query.scope;
    const counters = search.model === undefined ? query.counters : undefined;
    const estimate: SegmentEstimate | undefined = counters && {
      scanned: countProducts(counters, {}),
      matching: countProducts(counters, {
        ...(sites === 'ALL' ? {} : { site: (siteId: string) => sites.has(siteId) }),
        ...(families === 'ALL' ? {} : { family: (family: string) => families.has(family) }),
        status: query.status,
      }),
      whole: false,
    };
    const estimated = estimate ? { estimate } : {};
    if (search.serviceTag !== undefined) {
      const low = keys.product(organizationId, search.serviceTag.value).sk;
      const filter = andFilters([
        scopeFilter,
        search.model === undefined
          ? undefined
          : {
              expression: 'begins_with(#modelKey, :model)',
              names: { '#modelKey': 'modelKey' },
              values: { ':model': search.model },
            },
      ]);
      return {
        partitionKey: TABLE_DESIGN.partitionKey,
        sortKey: TABLE_DESIGN.sortKey,
        partition: pk,
        sortPrefix: low,
        // Tags are upper-case letters, digits and '-': '~' sorts after every one of them.
        range: { low, high: search.serviceTag.exact ? low : `${low}~` },
        keyNames: tableKeys,
        ...(filter ? { filter } : {}),
        ...estimated,
      };
    }
    if (search.model !== undefined) {
      const low = keys.productModel(organizationId, search.model, '').sk.slice(0, -1);
      return {
        partitionKey: TABLE_DESIGN.partitionKey,
        sortKey: TABLE_DESIGN.sortKey,
        partition: pk,
        sortPrefix: low,
        range: { low, high: `${low}\u{10FFFF}` },
        keyNames: tableKeys,
        ...(scopeFilter ? { filter: scopeFilter } : {}),
        ...estimated,
      };
    }
    if (query.order === 'supportEndDate' || query.order === '-supportEndDate') {
      const index = TABLE_DESIGN.bySupportEnd;
      return {
        indexName: index.indexName,
        partitionKey: index.partitionKey,
        sortKey: index.sortKey,
        partition: keys.productBySupportEnd(organizationId, '', '').supportEndPk,
        sortPrefix: '',
        forward: query.order === 'supportEndDate',
        keyNames: [...tableKeys, index.partitionKey, index.sortKey],
        ...(scopeFilter ? { filter: scopeFilter } : {}),
        ...(estimate ? { estimate: { ...estimate, whole: true } } : {}),
      };
    }
    const { sk } = keys.product(organizationId, '');
    return {
      partitionKey: TABLE_DESIGN.partitionKey,
      sortKey: TABLE_DESIGN.sortKey,
      partition: pk,
      sortPrefix: sk,
      keyNames: tableKeys,
      ...(scopeFilter ? { filter: scopeFilter } : {}),
      ...(estimate ? { estimate: { ...estimate, whole: true } } : {}),
    };
  }

  private productSegment(
    segment: ProductSegment,
    status: SupportStatus | undefined,
    counters: readonly SiteCounters[] | undefined,
  ): ListSegment {
    const { partitionKey, sortKey } = segmentKeyNames(segment);
    const index = segment.index ? TABLE_DESIGN[segment.index] : undefined;
    const filter = andFilters([
      segment.families ? inFilter('family', segment.families, 'family') : undefined,
      status === undefined
        ? undefined
        : {
            expression: '#status = :status',
            names: { '#status': 'supportStatus' },
            values: { ':status': status },
          },
    ]);
    return {
      indexName: index?.indexName,
      partitionKey,
      sortKey,
      partition: segment.partition,
      sortPrefix: segment.sortPrefix,
      keyNames: index ? ['pk', 'sk', partitionKey, sortKey] : ['pk', 'sk'],
      ...(filter ? { filter } : {}),
      ...(counters ? { estimate: segmentEstimate(segment, status, counters) } : {}),
      ...(segment.site !== undefined && segment.family !== undefined && !segment.families
        ? { pair: { family: segment.family, gapAfter: 0 }, site: segment.site }
        : {}),
    };
  }

  /**
   * Up to `limit` items read from the segments in order, from the cursor's position on, in rounds of queries
   * sent side by side (planRound). A filtered query may answer more than is needed: the page then stops at the
   * last item taken, and the cursor is that item's key. Answers of a round after a segment that stopped short
   * (1 MB, or its Limit) or after the page filled are dropped unseen, so the page is what reading the segments
   * one after the other would give.
   */
  private async readPage(
    segments: readonly ListSegment[],
    limit: number,
    cursor: string | undefined,
  ): Promise<{ readonly items: Record<string, unknown>[]; readonly cursor?: string | undefined }> {
    let position: Position | undefined = cursor ? decodeCursor(cursor, segments) : { segment: 0 };
    const items: Record<string, unknown>[] = [];
    let queries = 0;
    let observedShare: number | undefined;
    while (position && items.length < limit && queries < MAX_QUERIES_PER_PAGE) {
      const round: PlannedQuery[] = planRound(segments, position, limit - items.length, observedShare).slice(
        0,
        MAX_QUERIES_PER_PAGE - queries,
      );
      observedShare = undefined;
      queries += round.length;
      const answers = await Promise.all(
        round.map((planned) => this.documents.send(new QueryCommand(this.queryInput(segments, planned)))),
      );
      for (const [index, planned] of round.entries()) {
        const page = answers[index] as (typeof answers)[number];
        const segment = segments[planned.segment] as ListSegment;
        const found = page.Items ?? [];
        const taken = found.slice(0, limit - items.length);
        items.push(...taken);
        const last = taken.at(-1);
        if (found.length > taken.length && last) {
          position = {
            segment: pairOfItem(segments, planned, last),
            startKey: keyOf(last, segment.keyNames),
          };
          break;
        }
        if (page.LastEvaluatedKey) {
          const stoppedAt = page.LastEvaluatedKey as Record<string, string>;
          position =
            planned.through === undefined
              ? { segment: planned.segment, startKey: stoppedAt }
              : positionInRun(segments, { ...planned, through: planned.through }, stoppedAt);
          if (planned.through === undefined && segment.filter && page.ScannedCount) {
            observedShare = found.length / page.ScannedCount;
          }
          break;
        }
        const end: number = planned.through ?? planned.segment;
        position = end + 1 < segments.length ? { segment: end + 1 } : undefined;
        if (items.length >= limit) break;
      }
    }
    return { items, cursor: position ? encodeCursor(position) : undefined };
  }

  private queryInput(segments: readonly ListSegment[], planned: PlannedQuery): QueryCommandInput {
    const segment =
      planned.through === undefined
        ? (segments[planned.segment] as ListSegment)
        : runSegment(segments.slice(planned.segment, planned.through + 1));
    const range = segment.range ?? (segment.sortPrefix === '' ? undefined : keyRange(segment.sortPrefix));
    return {
      TableName: this.tableName,
      ...(segment.indexName ? { IndexName: segment.indexName } : {}),
      KeyConditionExpression: range ? '#pk = :pk AND #sk BETWEEN :low AND :high' : '#pk = :pk',
      ExpressionAttributeNames: {
        '#pk': segment.partitionKey,
        ...(range ? { '#sk': segment.sortKey } : {}),
        ...segment.filter?.names,
      },
      ExpressionAttributeValues: {
        ':pk': segment.partition,
        ...(range ? { ':low': range.low, ':high': range.high } : {}),
        ...segment.filter?.values,
      },
      ...(segment.filter ? { FilterExpression: segment.filter.expression } : {}),
      // A filter drops items after Limit counts them: planRound asks for more than is needed.
      Limit: planned.limit,
      ...(planned.startKey ? { ExclusiveStartKey: planned.startKey } : {}),
      ...(segment.forward === false ? { ScanIndexForward: false } : {}),
    };
  }
}

/** A run of pairs of one site as one segment: their key range, the other families filtered out. */
function runSegment(pairs: readonly ListSegment[]): ListSegment {
  const first = pairs[0] as ListSegment;
  const last = pairs.at(-1) as ListSegment;
  const filter = andFilters([
    inFilter(
      'family',
      pairs.map((pair) => pair.pair?.family ?? ''),
      'run',
    ),
    first.filter,
  ]);
  return {
    ...first,
    range: { low: keyRange(first.sortPrefix).low, high: keyRange(last.sortPrefix).high },
    ...(filter ? { filter } : {}),
  };
}

/**
 * For each pair of a site followed by another pair of the same site: the products (all statuses, by the counters)
 * of the families between them in key order, which a query over both would read and drop.
 */
function withGaps(
  segments: readonly ListSegment[],
  counters: readonly SiteCounters[] | undefined,
): ListSegment[] {
  if (!counters) return [...segments];
  const bySite = new Map(counters.map((site) => [site.siteId, site]));
  return segments.map((segment, index) => {
    const next = segments[index + 1];
    if (!segment.pair || !segment.site) return segment;
    let gapAfter = 0;
    if (next?.pair && next.partition === segment.partition) {
      for (const [family, counts] of Object.entries(bySite.get(segment.site)?.families ?? {})) {
        const prefix = `${family}#`;
        if (prefix > segment.sortPrefix && prefix < next.sortPrefix) {
          gapAfter += counts.ACTIVE + counts.EXPIRING + counts.EXPIRED;
        }
      }
    }
    return { ...segment, pair: { family: segment.pair.family, gapAfter } };
  });
}

/** What the counters say of a segment of the product list (the whole segment: its site and/or family). */
function segmentEstimate(
  segment: ProductSegment,
  status: SupportStatus | undefined,
  counters: readonly SiteCounters[],
): SegmentEstimate {
  const inSegment = {
    ...(segment.site === undefined ? {} : { site: (siteId: string) => siteId === segment.site }),
    ...(segment.family === undefined ? {} : { family: (family: string) => family === segment.family }),
  };
  const kept = segment.families ? new Set(segment.families) : undefined;
  return {
    scanned: countProducts(counters, inSegment),
    matching: countProducts(counters, {
      ...inSegment,
      ...(kept ? { family: (family: string) => kept.has(family) } : {}),
      status,
    }),
    whole: true,
  };
}

function keyOf(item: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(item[name])]));
}

export function backoffMs(attempt: number): number {
  return Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2);
}
