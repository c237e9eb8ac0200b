import { SUPPORT_STATUSES, type Product, type Site, type SiteCounters, type StatusCounts } from './portal';
import { familyInScope, siteInScope, type PortalScope } from './portal-visibility';

/**
 * The Summary's arithmetic: counts of products by support status, in total, by site and by product family,
 * limited to a scope. It reads the per-site counters (one small item per site) and never the products, except
 * for a PRODUCTS group, whose listed products are counted one by one.
 */

/** Counts as the API shows them. */
export interface Counts {
  readonly total: number;
  readonly active: number;
  readonly expiring: number;
  readonly expired: number;
}

export const ZERO_COUNTS: Counts = { total: 0, active: 0, expiring: 0, expired: 0 };

export interface SiteCount {
  readonly siteId: string;
  readonly name: string;
  readonly country: string;
  readonly counts: Counts;
}

export interface FamilyCount {
  readonly family: string;
  readonly counts: Counts;
}

export interface InventoryCounts {
  readonly totals: Counts;
  /** The sites in scope, by name. */
  readonly bySite: SiteCount[];
  /** The families in scope that hold at least one product in scope, by name. */
  readonly byFamily: FamilyCount[];
}

export function countsOf(status: StatusCounts): Counts {
  return {
    total: status.ACTIVE + status.EXPIRING + status.EXPIRED,
    active: status.ACTIVE,
    expiring: status.EXPIRING,
    expired: status.EXPIRED,
  };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return {
    total: a.total + b.total,
    active: a.active + b.active,
    expiring: a.expiring + b.expiring,
    expired: a.expired + b.expired,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName<T extends { readonly name: string; readonly siteId: string }>(a: T, b: T): number {
  return a.name.localeCompare(b.name) || compareText(a.siteId, b.siteId);
}

/** The counts of one site's products whose family is in `scope` (the site itself is not checked). */
export function siteCountsIn(site: SiteCounters, scope: PortalScope): Counts {
  let counts = ZERO_COUNTS;
  for (const [family, status] of Object.entries(site.families)) {
    if (familyInScope(scope, family)) counts = addCounts(counts, countsOf(status));
  }
  return counts;
}

/**
 * Totals, sites and families of everything in `scope`, from the site counters. Every site in scope is listed,
 * with zero counts if it holds nothing in scope; a family is listed only while it holds a product in scope, so
 * a family whose products all moved away does not linger.
 */
export function countSites(sites: readonly SiteCounters[], scope: PortalScope): InventoryCounts {
  let totals = ZERO_COUNTS;
  const bySite: SiteCount[] = [];
  const families = new Map<string, Counts>();
  for (const site of sites) {
    if (!siteInScope(scope, site.siteId)) continue;
    let siteTotal = ZERO_COUNTS;
    for (const [family, status] of Object.entries(site.families)) {
      if (!familyInScope(scope, family)) continue;
      const counts = countsOf(status);
      siteTotal = addCounts(siteTotal, counts);
      families.set(family, addCounts(families.get(family) ?? ZERO_COUNTS, counts));
    }
    totals = addCounts(totals, siteTotal);
    bySite.push({ siteId: site.siteId, name: site.name, country: site.country, counts: siteTotal });
  }
  return { totals, bySite: bySite.sort(byName), byFamily: familyList(families) };
}

/**
 * Totals, sites and families of a list of products (a PRODUCTS group, already limited to what the viewer may
 * see). Only the sites holding one of them are listed; `sites` gives their names.
 */
export function countProducts(products: readonly Product[], sites: readonly Site[]): InventoryCounts {
  const names = new Map(sites.map((site) => [site.siteId, site]));
  const perSite = new Map<string, Counts>();
  const families = new Map<string, Counts>();
  let totals = ZERO_COUNTS;
  for (const product of products) {
    const one = countsOf(oneProduct(product));
    totals = addCounts(totals, one);
    perSite.set(product.siteId, addCounts(perSite.get(product.siteId) ?? ZERO_COUNTS, one));
    families.set(product.family, addCounts(families.get(product.family) ?? ZERO_COUNTS, one));
  }
  const bySite = [...perSite].map(([siteId, counts]) => {
    const site = names.get(siteId);
    return { siteId, name: site?.name ?? siteId, country: site?.country ?? '', counts };
  });
  return { totals, bySite: bySite.sort(byName), byFamily: familyList(families) };
}

function oneProduct(product: Product): StatusCounts {
  const counts = Object.fromEntries(SUPPORT_STATUSES.map((status) => [status, 0])) as Record<
    (typeof SUPPORT_STATUSES)[number],
    number
  >;
  counts[product.supportStatus] = 1;
  return counts;
}

function familyList(families: ReadonlyMap<string, Counts>): FamilyCount[] {
  return [...families]
    .filter(([, counts]) => counts.total > 0)
    .map(([family, counts]) => ({ family, counts }))
    .sort((a, b) => a.family.localeCompare(b.family) || compareText(a.family, b.family));
}

/**
 * The families someone with `scope` can see: those present in the counters of a site they see, and allowed.
 * A family is only known through the sites that hold it, so nobody learns of a family from a hidden site.
 */
export function visibleFamilies(sites: readonly SiteCounters[], scope: PortalScope): Set<string> {
  const families = new Set<string>();
  for (const site of sites) {
    if (!siteInScope(scope, site.siteId)) continue;
    for (const family of Object.keys(site.families)) {
      if (familyInScope(scope, family)) families.add(family);
    }
  }
  return families;
}
