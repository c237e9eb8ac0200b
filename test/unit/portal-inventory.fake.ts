import {
  dayOf,
  NO_PRODUCTS,
  parseProductRef,
  productRef,
  sameProductRecord,
  sameSite,
  supportStatusDueAt,
  supportStatusOn,
  type Product,
  type ProductRecord,
  type Site,
  type SiteCounters,
  type StatusCounts,
} from '../../functions/core/domain/portal';
import { inScope } from '../../functions/core/domain/portal-visibility';
import { compareProducts, matchesSearch } from '../../functions/core/domain/product-search';
import type { DueKind } from '../../functions/core/domain/scheduled-work';
import {
  InvalidCursorError,
  type DueWorkIndex,
  type ImportOutcome,
  type Page,
  type PortalInventory,
  type ProductQuery,
} from '../../functions/core/ports';

/**
 * PortalInventory in memory. Counters are computed from the stored products (with their stored status), so
 * they are exact by construction; the DynamoDB adapter must agree with this. Sites are listed by siteId and
 * products by serviceTag; cursors are opaque offsets. A product imported again with the same record is
 * UNCHANGED even when its stored status is due to roll: moving statuses is the job's work.
 */
export class FakePortalInventory implements PortalInventory {
  private readonly sites = new Map<string, Map<string, Site>>();
  private readonly products = new Map<string, Map<string, Product>>();
  /** Every call, by method name, to assert how a use case reads. */
  readonly calls: string[] = [];

  /** Stores a site as is (test setup). */
  addSite(organizationId: string, site: Site): this {
    this.sitesOf(organizationId).set(site.siteId, { ...site });
    return this;
  }

  /** Stores a product as is, with its status on `today` unless given (test setup; its site need not exist). */
  addProduct(organizationId: string, product: ProductRecord & Partial<Product>, today = '2025-03-03'): this {
    this.productsOf(organizationId).set(product.serviceTag, {
      ...product,
      supportStatus: product.supportStatus ?? supportStatusOn(product.supportEndDate, today),
    });
    return this;
  }

  allSites(organizationId: string): Site[] {
    return [...this.sitesOf(organizationId).values()].sort((a, b) => compare(a.siteId, b.siteId));
  }

  allProducts(organizationId: string): Product[] {
    return [...this.productsOf(organizationId).values()].sort((a, b) => compare(a.serviceTag, b.serviceTag));
  }

  /** Refs of products whose status changes by `now`, as the byDue index lists them, oldest first. */
  dueProductRefs(now: Date): string[] {
    const due: Array<{ readonly at: number; readonly ref: string }> = [];
    for (const [organizationId, products] of this.products) {
      for (const product of products.values()) {
        const at = dueAtOf(product);
        if (at !== undefined && at <= now.getTime()) {
          due.push({ at, ref: productRef(organizationId, product.serviceTag) });
        }
      }
    }
    return due.sort((a, b) => a.at - b.at || compare(a.ref, b.ref)).map((entry) => entry.ref);
  }

  async siteCounters(organizationId: string): Promise<SiteCounters[]> {
    this.calls.push('siteCounters');
    return this.allSiteCounters(organizationId);
  }

  /** Every site with its counters, without counting a call (the overview fake reads them). */
  allSiteCounters(organizationId: string): SiteCounters[] {
    return this.allSites(organizationId).map((site) => this.countersOf(organizationId, site));
  }

  async getSites(organizationId: string, siteIds: readonly string[]): Promise<Site[]> {
    this.calls.push('getSites');
    const sites = this.sitesOf(organizationId);
    return [...new Set(siteIds)].flatMap((siteId) => {
      const site = sites.get(siteId);
      return site ? [{ ...site }] : [];
    });
  }

  async getProducts(organizationId: string, serviceTags: readonly string[]): Promise<Product[]> {
    this.calls.push('getProducts');
    const products = this.productsOf(organizationId);
    return [...new Set(serviceTags)].flatMap((serviceTag) => {
      const product = products.get(serviceTag);
      return product ? [{ ...product }] : [];
    });
  }

  /** The queries productPage was asked, in order. */
  readonly productQueries: ProductQuery[] = [];

  async productPage(organizationId: string, query: ProductQuery): Promise<Page<Product>> {
    this.calls.push('productPage');
    this.productQueries.push(query);
    const search = query.search ?? {};
    const matching = this.allProducts(organizationId)
      .filter(
        (product) =>
          inScope(query.scope, product) &&
          (query.status === undefined || product.supportStatus === query.status) &&
          matchesSearch(product, search),
      )
      .sort(compareProducts(query.order, search));
    return paginate(matching, query.limit, query.cursor, (product) => ({ ...product }));
  }

  async importSites(organizationId: string, sites: readonly Site[]): Promise<ImportOutcome[]> {
    this.calls.push('importSites');
    const stored = this.sitesOf(organizationId);
    return sites.map((site) => {
      const before = stored.get(site.siteId);
      const next: Site = {
        siteId: site.siteId,
        name: site.name,
        address: site.address,
        city: site.city,
        country: site.country,
      };
      if (before && sameSite(before, next)) return { key: site.siteId, result: 'UNCHANGED' };
      stored.set(site.siteId, next);
      return { key: site.siteId, result: before ? 'UPDATED' : 'CREATED' };
    });
  }

  async importProducts(
    organizationId: string,
    products: readonly ProductRecord[],
    at: Date,
  ): Promise<ImportOutcome[]> {
    this.calls.push('importProducts');
    const today = dayOf(at);
    const sites = this.sitesOf(organizationId);
    const missing = products.find((product) => !sites.has(product.siteId));
    if (missing) throw new Error(`site ${missing.siteId} does not exist`);
    const stored = this.productsOf(organizationId);
    return products.map((record) => {
      const before = stored.get(record.serviceTag);
      const next: Product = {
        serviceTag: record.serviceTag,
        model: record.model,
        family: record.family,
        siteId: record.siteId,
        supportEndDate: record.supportEndDate,
        supportStatus: supportStatusOn(record.supportEndDate, today),
      };
      if (before && sameProductRecord(before, next)) return { key: record.serviceTag, result: 'UNCHANGED' };
      stored.set(record.serviceTag, next);
      return { key: record.serviceTag, result: before ? 'UPDATED' : 'CREATED' };
    });
  }

  async rollSupportStatus(ref: string, today: string): Promise<boolean> {
    this.calls.push('rollSupportStatus');
    const parsed = parseProductRef(ref);
    if (!parsed) return false;
    const products = this.productsOf(parsed.organizationId);
    const product = products.get(parsed.serviceTag);
    if (!product) return false;
    const supportStatus = supportStatusOn(product.supportEndDate, today);
    if (supportStatus === product.supportStatus) return false;
    products.set(product.serviceTag, { ...product, supportStatus });
    return true;
  }

  private countersOf(organizationId: string, site: Site): SiteCounters {
    const families: Record<string, Record<keyof StatusCounts, number>> = {};
    for (const product of this.productsOf(organizationId).values()) {
      if (product.siteId !== site.siteId) continue;
      const counts = (families[product.family] ??= { ...NO_PRODUCTS });
      counts[product.supportStatus] += 1;
    }
    return { ...site, families };
  }

  private sitesOf(organizationId: string): Map<string, Site> {
    let sites = this.sites.get(organizationId);
    if (!sites) this.sites.set(organizationId, (sites = new Map()));
    return sites;
  }

  private productsOf(organizationId: string): Map<string, Product> {
    let products = this.products.get(organizationId);
    if (!products) this.products.set(organizationId, (products = new Map()));
    return products;
  }
}

/**
 * The byDue index for SUPPORT_STATUS over a FakePortalInventory (products are due at 00:00 UTC of the day
 * their status would next change from the stored one). Other kinds are empty.
 */
export class FakeSupportStatusDueIndex implements DueWorkIndex {
  constructor(private readonly inventory: FakePortalInventory) {}

  async duePage(
    kind: DueKind,
    now: Date,
    limit: number,
    after?: string,
  ): Promise<{ readonly ids: string[]; readonly after?: string | undefined }> {
    if (kind !== 'SUPPORT_STATUS') return { ids: [] };
    const refs = this.inventory.dueProductRefs(now);
    const start =
      after === undefined ? 0 : refs.indexOf(Buffer.from(after, 'base64url').toString('utf8')) + 1;
    const ids = refs.slice(start, start + limit);
    const last = ids.at(-1);
    return { ids, after: ids.length === limit && last ? Buffer.from(last).toString('base64url') : undefined };
  }
}

function dueAtOf(product: Product): number | undefined {
  return supportStatusDueAt(product)?.getTime();
}

function paginate<T, R>(
  items: readonly T[],
  limit: number,
  cursor: string | undefined,
  map: (item: T) => R,
): Page<R> {
  const offset = cursor === undefined ? 0 : decodeOffset(cursor);
  const end = offset + limit;
  return {
    items: items.slice(offset, end).map(map),
    cursor:
      end < items.length ? Buffer.from(JSON.stringify({ offset: end })).toString('base64url') : undefined,
  };
}

function decodeOffset(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'offset' in parsed &&
      typeof parsed.offset === 'number' &&
      Number.isInteger(parsed.offset) &&
      parsed.offset >= 0
    ) {
      return parsed.offset;
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidCursorError('invalid cursor');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
