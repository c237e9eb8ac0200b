import type { PortalScope } from '../../domain/portal-visibility';
import { keys, TABLE_DESIGN } from './table-design';

/**
 * One key query of a product list: a partition of the table or of an index, the sort key prefix within it
 * (queried as its `keyRange`; '' reads the whole partition), and optionally the families a filter keeps. A
 * list reads its segments one after the other.
 */
export interface ProductSegment {
  readonly index?: 'byCollection' | 'byFamily' | undefined;
  readonly partition: string;
  readonly sortPrefix: string;
  /** Kept by a FilterExpression (when there are too many (site, family) pairs to query one by one). */
  readonly families?: readonly string[] | undefined;
  /** The one site (byCollection) or family (byFamily, or a `<family>#` prefix) the segment holds. */
  readonly site?: string | undefined;
  readonly family?: string | undefined;
}

/**
 * Above this many (site, family) pairs, a list reads each site once and filters families out. Up to it, each pair
 * is its own key range, so a page reads only products the caller may see whatever the size of the sites (a
 * filtered site read grows with the products the filter drops); with the site counters, the pairs a page reaches
 * are read side by side (MAX_SEGMENTS_PER_ROUND), so many small pairs cost requests, not round trips.
 */
export const MAX_PAIR_SEGMENTS = 100;

function sorted(values: ReadonlySet<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The key queries that list exactly the products in `scope`: the organization's products in the table when
 * nothing is restricted, a byFamily partition per family, a byCollection partition per site, or per site and
 * family (`<family>#` prefixes) when both are. Order is stable, so a cursor can name a segment by position.
 */
export function planProductSegments(organizationId: string, scope: PortalScope): ProductSegment[] {
  const { sites, families } = scope;
  if (sites === 'ALL' && families === 'ALL') {
    return [
      { partition: keys.product(organizationId, '').pk, sortPrefix: keys.product(organizationId, '').sk },
    ];
  }
  if (sites === 'ALL') {
    return sorted(families as ReadonlySet<string>).map((family) => ({
      index: 'byFamily',
      partition: keys.productOfFamily(organizationId, family, '', '').familyPk,
      sortPrefix: '',
      family,
    }));
  }
  const siteIds = sorted(sites);
  const atSite = (siteId: string) => keys.productAtSite(organizationId, siteId, '', '').collectionPk;
  if (families === 'ALL') {
    return siteIds.map((siteId) => ({
      index: 'byCollection',
      partition: atSite(siteId),
      sortPrefix: '',
      site: siteId,
    }));
  }
  // In the order of their key prefixes (`<family>#`), which is the order of a site's sort keys: 'A B#' sorts
  // before 'A#', as ' ' sorts before '#'. A run of pairs read as one key range answers in this order.
  const familyNames = [...families].sort((a, b) =>
    Buffer.compare(Buffer.from(`${a}#`), Buffer.from(`${b}#`)),
  );
  if (familyNames.length === 0) return [];
  if (siteIds.length * familyNames.length <= MAX_PAIR_SEGMENTS) {
    return siteIds.flatMap((siteId) =>
      familyNames.map((family) => ({
        index: 'byCollection' as const,
        partition: atSite(siteId),
        sortPrefix: `${family}#`,
        site: siteId,
        family,
      })),
    );
  }
  return siteIds.map((siteId) => ({
    index: 'byCollection',
    partition: atSite(siteId),
    sortPrefix: '',
    families: familyNames,
    site: siteId,
  }));
}

/** The attribute names of a segment's partition and sort keys. */
export function segmentKeyNames(segment: Pick<ProductSegment, 'index'>): {
  readonly partitionKey: string;
  readonly sortKey: string;
} {
  return segment.index ? TABLE_DESIGN[segment.index] : TABLE_DESIGN;
}
