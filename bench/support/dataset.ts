import {
  addDays,
  type ProductRecord,
  type Site,
  supportStatusOn,
  type SupportStatus,
} from '../../functions/core/domain/portal';
import { seededRandom } from '../../local/seeded-random';

/**
 * The benchmark's organizations: the same 40 sites and 12 product families, and products spread evenly over
 * them with support end dates spread over five years around today (about 40 % expired, 5 % expiring, the rest
 * active). Generated from a fixed seed, so every run imports the same rows.
 */

export const SITE_COUNT = 40;

export const FAMILIES = [
  'Servers',
  'Storage',
  'Networking',
  'Laptops',
  'Desktops',
  'Workstations',
  'Monitors',
  'Thin Clients',
  'Docking',
  'Printers',
  'UPS',
  'Rugged',
] as const;

/** End dates run from two years before today to three years after it. */
export const END_DATE_WINDOW = { fromDays: -2 * 365, toDays: 3 * 365 } as const;

const CITIES: readonly (readonly [city: string, country: string])[] = [
  ['Munich', 'DE'],
  ['Hamburg', 'DE'],
  ['Lyon', 'FR'],
  ['Paris', 'FR'],
  ['Leeds', 'GB'],
  ['Dublin', 'IE'],
  ['Austin', 'US'],
  ['Toronto', 'CA'],
];

export function benchSites(): Site[] {
  return Array.from({ length: SITE_COUNT }, (_, index) => {
    const number = String(index + 1).padStart(2, '0');
    const [city, country] = CITIES[index % CITIES.length] ?? ['Munich', 'DE'];
    return {
      siteId: `SITE-${number}`,
      name: `${city} plant ${number}`,
      address: `Industriestrasse ${index + 1}`,
      city,
      country,
    };
  });
}

/** `count` products over the sites and families; service tags are unique within (and across) organizations. */
export function benchProducts(count: number, today: string, seed = 20_260_101): ProductRecord[] {
  const next = seededRandom(seed + count);
  const sites = benchSites();
  const span = END_DATE_WINDOW.toDays - END_DATE_WINDOW.fromDays;
  return Array.from({ length: count }, (_, index) => {
    const site = sites[Math.floor(next() * sites.length)] as Site;
    const family = FAMILIES[Math.floor(next() * FAMILIES.length)] as string;
    return {
      serviceTag: `BX${count}-${index.toString(36).toUpperCase().padStart(5, '0')}`,
      model: `${family.replace(/\s+/g, '')}-${100 + Math.floor(next() * 20) * 10}`,
      family,
      siteId: site.siteId,
      supportEndDate: addDays(today, END_DATE_WINDOW.fromDays + Math.floor(next() * span)),
    };
  });
}

/** What a Summary must show for `products` within the sites and families allowed: the expected answer. */
export function expectedCounts(
  products: readonly ProductRecord[],
  today: string,
  allowed: { readonly sites: 'ALL' | ReadonlySet<string>; readonly families: 'ALL' | ReadonlySet<string> },
): Record<SupportStatus | 'total', number> {
  const counts = { total: 0, ACTIVE: 0, EXPIRING: 0, EXPIRED: 0 };
  for (const product of products) {
    if (allowed.sites !== 'ALL' && !allowed.sites.has(product.siteId)) continue;
    if (allowed.families !== 'ALL' && !allowed.families.has(product.family)) continue;
    counts.total += 1;
    counts[supportStatusOn(product.supportEndDate, today)] += 1;
  }
  return counts;
}

/**
 * Products grouped into import requests of at most `maxRows` rows of whole sites, so requests that run at the
 * same time never move the counters of the same site item (which would only make them retry each other).
 */
export function importRequests(products: readonly ProductRecord[], maxRows: number): ProductRecord[][] {
  const bySite = new Map<string, ProductRecord[]>();
  for (const product of products) {
    const list = bySite.get(product.siteId);
    if (list) list.push(product);
    else bySite.set(product.siteId, [product]);
  }
  const requests: ProductRecord[][] = [];
  let current: ProductRecord[] = [];
  for (const [siteId, siteProducts] of bySite) {
    if (siteProducts.length > maxRows) throw new Error(`site ${siteId} alone has more than ${maxRows} rows`);
    if (current.length + siteProducts.length > maxRows) {
      requests.push(current);
      current = [];
    }
    current.push(...siteProducts);
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
