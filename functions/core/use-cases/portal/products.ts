import type { Product, SiteCounters, SupportStatus } from '../../domain/portal';
import { visibleFamilies } from '../../domain/portal-summary';
import {
  familyInScope,
  inScope,
  intersectScopes,
  isEmptyScope,
  siteInScope,
  DEFAULT_VISIBILITY,
  type PortalScope,
  type VisibilityRules,
} from '../../domain/portal-visibility';
import { scopeOfGroup, type ProductGroup } from '../../domain/product-group';
import {
  compareProducts,
  matchesSearch,
  modelKey,
  normalizeServiceTag,
  orderConflict,
  type ProductOrder,
  type ProductSearch,
} from '../../domain/product-search';
import { NotFoundError, ValidationError } from '../../errors';
import type { PortalOverview } from '../../ports';
import type { PortalMember } from '../portal-access';
import { loadGroup } from './groups';
import {
  invalidCursor,
  isAdministrator,
  viewerOf,
  viewerWith,
  withCursor,
  type PortalDependencies,
  type PortalViewer,
} from './portal-context';
import { sameGroup, sameRules, settle } from './recent-reads';
import { pageView, productView } from './portal-views';
import * as problemDetails from '../../i18n/details/compiled/index';

type ProductDependencies = Pick<PortalDependencies, 'inventory' | 'settings' | 'overview' | 'recent'>;

export interface ProductListQuery {
  readonly site?: string | undefined;
  readonly family?: string | undefined;
  readonly status?: SupportStatus | undefined;
  readonly group?: string | undefined;
  /** Service tags beginning with this (any case), or exactly this one with `match: 'exact'`. */
  readonly serviceTag?: string | undefined;
  readonly match?: 'prefix' | 'exact' | undefined;
  /** Models beginning with this, in any case. */
  readonly model?: string | undefined;
  readonly sort?: ProductOrder | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** The search a list query asks for, in the form keys are made of. */
export function searchOf(query: Pick<ProductListQuery, 'serviceTag' | 'match' | 'model'>): ProductSearch {
  return {
    ...(query.serviceTag === undefined
      ? {}
      : { serviceTag: { value: normalizeServiceTag(query.serviceTag), exact: query.match === 'exact' } }),
    ...(query.model === undefined ? {} : { model: modelKey(query.model) }),
  };
}

/** 400 for a search and an order that cannot go together (see orderConflict). */
export function assertOrderFits(
  query: Pick<ProductListQuery, 'serviceTag' | 'match' | 'model' | 'sort'>,
): void {
  const conflict = orderConflict(query.sort, searchOf(query));
  if (conflict) {
    throw new ValidationError('This search cannot be sorted that way.', [
      {
        pointer: 'query:/sort',
        detail: `must be left out or fit the search: ${conflict}`,
        detailKey: 'sortMustFit',
        detailValues: { search: query.serviceTag === undefined ? 'model' : 'serviceTag' },
      },
    ]).keyed(problemDetails.sortUnfit);
  }
}

/** Most products one batch read asks for (BatchGetItem's own limit). */
const PRODUCT_BATCH = 100;

/** What a product page is planned from: the caller's rules and the group asked for (if any). */
export interface PageBasis {
  readonly rules: VisibilityRules;
  readonly group?: ProductGroup | undefined;
  /** The site counters, read or remembered: they size the page's queries (ProductQuery.counters). */
  readonly counters?: readonly SiteCounters[] | undefined;
}

/**
 * The products the caller may see, one page at a time, filtered by site, family, support status and group.
 * Main path: after the account, the rules (with the sites and families, to check the filters: the overview, one
 * Query) and the group are read, and the page is queried on the intersection of the caller's scope, the filters
 * and the group. A PRODUCTS group is paged through its service tags in their order (an offset cursor), reading
 * them in batches and keeping those the scope and status let through.
 * The query cannot be planned before the rules and the group are known; so it is planned on the rules and group
 * this function read last (recent-reads.ts; for rules never read, everything visible, the default) and runs in
 * the same round trip as the reads that check them. When the guess was right (almost always: rules and groups
 * rarely change) the answer takes two round trips in sequence; when it was wrong, the query runs again on what
 * was read (three) and the guessed page is dropped unseen. An administrator's rules are known (everything).
 * With `early` (the reads started beside the account for the organization the caller's token names:
 * earlyPageReads) nothing is guessed: the page is planned on them, in the second round trip.
 * The site counters (read with the rules, or remembered for the guess) size the page's filtered queries, so a
 * restricted member's page is one round of queries side by side rather than several in sequence.
 * Failure paths: a site or family that does not exist or that the caller cannot see, or a group that is not
 * theirs nor shared with their organization → the same 404 (nothing about other tenants or hidden data is
 * revealed); a cursor this list did not issue → 400.
 */
export async function listProducts(
  deps: ProductDependencies,
  member: PortalMember,
  query: ProductListQuery,
  early?: Promise<PageReads>,
) {
  assertOrderFits(query);
  const organizationId = member.organizationId;
  const administrator = isAdministrator(member);
  const groupKey = query.group === undefined ? undefined : `${organizationId}/${query.group}`;
  deps.recent.administrators.remember(`${organizationId}/${member.account.userId}`, administrator);
  // Read early (beside the account), the reads are answered by now: the page is planned on them, no guess.
  // Read as an administrator's (no rules), they cannot answer a member (demoted since this environment read them).
  const readEarly = await early;
  const fits = readEarly !== undefined && (administrator || !readEarly.asAdministrator);
  const reads = fits
    ? readEarly
    : pageReads(deps, { organizationId, userId: member.account.userId, administrator }, query);
  const rememberedCounters = deps.recent.counters.get(organizationId);
  const guess: PageBasis | undefined =
    fits || (groupKey !== undefined && deps.recent.groups.get(groupKey) === undefined)
      ? undefined
      : {
          // Remembered rules without counters (read by a search) would plan a sized page unsized: its
          // segments read one after another. Guess everything instead, and read the page again if wrong.
          rules:
            administrator || (sized(query) && rememberedCounters === undefined)
              ? DEFAULT_VISIBILITY
              : (deps.recent.rules.get(organizationId) ?? DEFAULT_VISIBILITY),
          group: groupKey === undefined ? undefined : deps.recent.groups.get(groupKey),
          counters: rememberedCounters,
        };
  const guessed = guess ? settle(productPageOn(deps, member, guess, query)) : undefined;

  const { overview, rules, group } = await reads;
  const basis: PageBasis = {
    rules: administrator ? DEFAULT_VISIBILITY : (overview?.visibility ?? rules ?? DEFAULT_VISIBILITY),
    group,
    counters: overview?.sites ?? rememberedCounters,
  };
  // The organization's rules, whoever read them (an administrator too): a member's next guess plans on them.
  const organizationRules = overview?.visibility ?? rules;
  if (organizationRules) deps.recent.rules.remember(organizationId, organizationRules);
  if (overview) deps.recent.counters.remember(organizationId, overview.sites);
  if (groupKey !== undefined && group) deps.recent.groups.remember(groupKey, group);
  assertFiltersVisible(viewerWith(member, basis.rules), overview?.sites ?? [], query);

  if (guess && guessed && sameRules(guess.rules, basis.rules) && sameGroup(guess.group, basis.group)) {
    const outcome = await guessed;
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }
  return productPageOn(deps, member, basis, query);
}

/** What a product page is planned on, as read: the overview, or the rules alone, and the group asked for. */
export interface PageReads {
  /** Read for an administrator: no rules unless the filters needed the overview. */
  readonly asAdministrator: boolean;
  readonly overview?: PortalOverview | undefined;
  readonly rules?: VisibilityRules | undefined;
  readonly group?: ProductGroup | undefined;
}

function sized(query: ProductListQuery): boolean {
  return sizedByCounters(searchOf(query));
}

/**
 * The reads a product page is planned on. The overview (rules, sites and their counters) when the filters must
 * be checked or a member's page sized; a search that needs neither reads the rules alone, one small item
 * whatever the number of sites; an administrator's rules are known (everything) and not read.
 */
function pageReads(
  deps: ProductDependencies,
  caller: { organizationId: string; userId: string; administrator: boolean },
  query: ProductListQuery,
): Promise<PageReads> {
  const checksFilters = query.site !== undefined || query.family !== undefined;
  const readsOverview = checksFilters || (!caller.administrator && sized(query));
  return Promise.all([
    readsOverview ? deps.overview.read(caller.organizationId) : undefined,
    readsOverview || caller.administrator ? undefined : deps.settings.getVisibility(caller.organizationId),
    query.group === undefined
      ? undefined
      : loadGroup(deps, { organizationId: caller.organizationId, userId: caller.userId }, query.group),
  ]).then(([overview, rules, group]) => ({ asAdministrator: caller.administrator, overview, rules, group }));
}

/**
 * The reads of listProducts, started beside the account for the organization the caller's token names
 * (readAsPortalMember): a member's page is then planned on the rules (or overview) and group read in the first
 * round trip, never on a guess, so it is read once, in the second, even in a fresh execution environment or
 * right after the rules changed. The role is not known before the account: for a person this environment last
 * read as an administrator, whose rules are known (everything), only a group it never read is read early (else
 * the guess is right and nothing is); a person it never read is read as a member, which also covers an
 * administrator's reads. An administrator's reads never answer a member (listProducts reads again).
 */
export function earlyPageReads(
  deps: ProductDependencies,
  userId: string,
  query: ProductListQuery,
): (organizationId: string) => Promise<PageReads> | undefined {
  return (organizationId) => {
    const administrator = deps.recent.administrators.get(`${organizationId}/${userId}`) === true;
    const groupKnown =
      query.group === undefined || deps.recent.groups.get(`${organizationId}/${query.group}`) !== undefined;
    return administrator && groupKnown
      ? undefined
      : pageReads(deps, { organizationId, userId, administrator }, query);
  };
}

/**
 * Whether the counters size this search's queries (see ProductQuery.counters): not for one exact service tag
 * (one key), nor for a model search (a model is of one family, so the organization's shares say nothing of it).
 */
export function sizedByCounters(search: ProductSearch): boolean {
  return search.model === undefined && search.serviceTag?.exact !== true;
}

/** 404 for a site or family filter the caller cannot see, or that the organization does not have. */
export function assertFiltersVisible(
  viewer: PortalViewer,
  sites: readonly SiteCounters[],
  query: Pick<ProductListQuery, 'site' | 'family'>,
): void {
  if (
    query.site !== undefined &&
    !(siteInScope(viewer.scope, query.site) && sites.some((site) => site.siteId === query.site))
  ) {
    throw new NotFoundError('There is no such site.').keyed(problemDetails.noSuchSite);
  }
  if (
    query.family !== undefined &&
    !(familyInScope(viewer.scope, query.family) && visibleFamilies(sites, viewer.scope).has(query.family))
  ) {
    throw new NotFoundError('There is no such product family.').keyed(problemDetails.noSuchFamily);
  }
}

/** The page the query asks for, planned on `basis` (the filters are not checked here). */
export async function productPageOn(
  deps: Pick<PortalDependencies, 'inventory'>,
  member: PortalMember,
  basis: PageBasis,
  query: ProductListQuery,
) {
  const viewer = viewerWith(member, basis.rules);
  const { group } = basis;
  const filtered = intersectScopes(viewer.scope, {
    sites: query.site === undefined ? 'ALL' : new Set([query.site]),
    families: query.family === undefined ? 'ALL' : new Set([query.family]),
  });
  const search = searchOf(query);
  if (group?.definition.kind === 'PRODUCTS') {
    return query.sort === undefined && search.serviceTag === undefined && search.model === undefined
      ? productGroupPage(deps, viewer, group, group.definition.serviceTags, filtered, query)
      : sortedProductGroupPage(deps, viewer, group, filtered, search, query);
  }
  const scope = group ? intersectScopes(filtered, scopeOfGroup(group.definition)) : filtered;
  if (isEmptyScope(scope)) return { items: [] };
  const page = await withCursor(() =>
    deps.inventory.productPage(viewer.organizationId, {
      scope,
      status: query.status,
      search,
      order: query.sort,
      limit: query.limit,
      cursor: query.cursor,
      counters: basis.counters,
    }),
  );
  return pageView(page, productView);
}

async function productGroupPage(
  deps: Pick<PortalDependencies, 'inventory'>,
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

/**
 * A PRODUCTS group searched or sorted: its products (at most MAX_GROUP_PRODUCTS, read in parallel batches) are
 * filtered and ordered in memory, and paged by offset.
 */
async function sortedProductGroupPage(
  deps: Pick<PortalDependencies, 'inventory'>,
  viewer: PortalViewer,
  group: ProductGroup,
  scope: PortalScope,
  search: ProductSearch,
  query: ProductListQuery,
) {
  if (group.definition.kind !== 'PRODUCTS') return { items: [] };
  const offset = query.cursor === undefined ? 0 : decodeGroupCursor(query.cursor, group.groupId);
  const tags = group.definition.serviceTags;
  const batches = await Promise.all(
    Array.from({ length: Math.ceil(tags.length / PRODUCT_BATCH) }, (_, index) =>
      deps.inventory.getProducts(
        viewer.organizationId,
        tags.slice(index * PRODUCT_BATCH, (index + 1) * PRODUCT_BATCH),
      ),
    ),
  );
  const matching = batches
    .flat()
    .filter(
      (product) =>
        inScope(scope, product) &&
        (!query.status || product.supportStatus === query.status) &&
        matchesSearch(product, search),
    )
    .sort(compareProducts(query.sort, search));
  const end = offset + query.limit;
  return {
    items: matching.slice(offset, end).map(productView),
    ...(end < matching.length ? { cursor: encodeGroupCursor(group.groupId, end) } : {}),
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

/** What a product's page reads: the rules and the product. */
export type ProductReads = readonly [VisibilityRules, Product[]];

/**
 * getProduct's reads, started beside the account when the caller's token names the organization
 * (readAsPortalMember): one round trip in sequence. The role is not known yet: the rules are read for an
 * administrator too (they see everything whatever the rules say).
 */
export function productReads(
  deps: Pick<PortalDependencies, 'inventory' | 'settings'>,
  serviceTag: string,
): (organizationId: string) => Promise<ProductReads> {
  return (organizationId) =>
    Promise.all([
      deps.settings.getVisibility(organizationId),
      deps.inventory.getProducts(organizationId, [serviceTag]),
    ]);
}

/**
 * One product, if the caller may see it. Failure path: no such product, or one at a site or of a family the
 * caller cannot see → the same 404.
 */
export async function getProduct(
  deps: Pick<PortalDependencies, 'inventory' | 'settings'>,
  member: PortalMember,
  serviceTag: string,
  early?: Promise<ProductReads>,
) {
  const [viewer, products] = early
    ? await early.then(([rules, found]) => [viewerWith(member, rules), found] as const)
    : await Promise.all([
        viewerOf(deps, member),
        deps.inventory.getProducts(member.organizationId, [serviceTag]),
      ]);
  const product = products.find((candidate) => candidate.serviceTag === serviceTag);
  if (!product || !inScope(viewer.scope, product))
    throw new NotFoundError('There is no such product.').keyed(problemDetails.noSuchProduct);
  return productView(product);
}
