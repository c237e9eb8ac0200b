import type { Product, SupportStatus } from '../../domain/portal';
import { visibleFamilies } from '../../domain/portal-summary';
import {
  familyInScope,
  inScope,
  intersectScopes,
  isEmptyScope,
  siteInScope,
  type PortalScope,
} from '../../domain/portal-visibility';
import { scopeOfGroup, type ProductGroup } from '../../domain/product-group';
import { NotFoundError } from '../../errors';
import type { PortalMember } from '../portal-access';
import { loadGroup } from './groups';
import {
  invalidCursor,
  viewerOf,
  withCursor,
  type PortalDependencies,
  type PortalViewer,
} from './portal-context';
import { pageView, productView } from './portal-views';

type ProductDependencies = Pick<PortalDependencies, 'inventory' | 'settings'>;

export interface ProductListQuery {
  readonly site?: string | undefined;
  readonly family?: string | undefined;
  readonly status?: SupportStatus | undefined;
  readonly group?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Most products one batch read asks for (BatchGetItem's own limit). */
const PRODUCT_BATCH = 100;

/**
 * The products the caller may see, one page at a time, filtered by site, family, support status and group.
 * Main path: each filter must name something the caller can see → the query runs on the intersection of the
 * caller's scope, the filters and the group. A PRODUCTS group is paged through its service tags in their order
 * (an offset cursor), reading them in batches and keeping those the scope and status let through.
 * Failure paths: a site or family that does not exist or that the caller cannot see, or a group that is not
 * theirs nor shared with their organization → the same 404 (nothing about other tenants or hidden data is
 * revealed); a cursor this list did not issue → 400.
 */
export async function listProducts(deps: ProductDependencies, member: PortalMember, query: ProductListQuery) {
  const viewer = await viewerOf(deps, member);
  const organizationId = viewer.organizationId;
  const [group, sites, counters] = await Promise.all([
    query.group === undefined ? undefined : loadGroup(deps, viewer, query.group),
    query.site !== undefined && siteInScope(viewer.scope, query.site)
      ? deps.inventory.getSites(organizationId, [query.site])
      : [],
    query.family !== undefined && familyInScope(viewer.scope, query.family)
      ? deps.inventory.siteCounters(organizationId)
      : [],
  ]);
  if (query.site !== undefined && !sites.some((site) => site.siteId === query.site)) {
    throw new NotFoundError('There is no such site.');
  }
  if (query.family !== undefined && !visibleFamilies(counters, viewer.scope).has(query.family)) {
    throw new NotFoundError('There is no such product family.');
  }
  const filtered = intersectScopes(viewer.scope, {
    sites: query.site === undefined ? 'ALL' : new Set([query.site]),
    families: query.family === undefined ? 'ALL' : new Set([query.family]),
  });
  if (group?.definition.kind === 'PRODUCTS') {
    return productGroupPage(deps, viewer, group, group.definition.serviceTags, filtered, query);
  }
  const scope = group ? intersectScopes(filtered, scopeOfGroup(group.definition)) : filtered;
  if (isEmptyScope(scope)) return { items: [] };
  const page = await withCursor(() =>
    deps.inventory.productPage(organizationId, {
      scope,
      status: query.status,
      limit: query.limit,
      cursor: query.cursor,
    }),
  );
  return pageView(page, productView);
}

async function productGroupPage(
  deps: ProductDependencies,
  viewer: PortalViewer,
  group: ProductGroup,
  serviceTags: readonly string[],
  scope: PortalScope,
  query: ProductListQuery,
) {
  let offset = query.cursor === undefined ? 0 : decodeGroupCursor(query.cursor, group.groupId);
  const items: Product[] = [];
  let batchSize = query.limit;
  while (items.length < query.limit && offset < serviceTags.length) {
    const batch = serviceTags.slice(offset, offset + batchSize);
    const found = new Map(
      (await deps.inventory.getProducts(viewer.organizationId, batch)).map((p) => [p.serviceTag, p]),
    );
    for (const serviceTag of batch) {
      offset += 1;
      const product = found.get(serviceTag);
      if (product && inScope(scope, product) && (!query.status || product.supportStatus === query.status)) {
        items.push(product);
        if (items.length === query.limit) break;
      }
    }
    // Few of the first batch passed the filters: read further in full batches.
    batchSize = PRODUCT_BATCH;
  }
  return {
    items: items.map(productView),
    ...(offset < serviceTags.length ? { cursor: encodeGroupCursor(group.groupId, offset) } : {}),
  };
}

function encodeGroupCursor(groupId: string, offset: number): string {
  return Buffer.from(JSON.stringify({ group: groupId, offset })).toString('base64url');
}

/** A position in the service tags of this very group; anything else is refused. */
function decodeGroupCursor(cursor: string, groupId: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const { group, offset } = (decoded ?? {}) as { group?: unknown; offset?: unknown };
  if (group !== groupId || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw invalidCursor();
  }
  return offset;
}

/**
 * One product, if the caller may see it. Failure path: no such product, or one at a site or of a family the
 * caller cannot see → the same 404.
 */
export async function getProduct(deps: ProductDependencies, member: PortalMember, serviceTag: string) {
  const [viewer, products] = await Promise.all([
    viewerOf(deps, member),
    deps.inventory.getProducts(member.organizationId, [serviceTag]),
  ]);
  const product = products.find((candidate) => candidate.serviceTag === serviceTag);
  if (!product || !inScope(viewer.scope, product)) throw new NotFoundError('There is no such product.');
  return productView(product);
}
