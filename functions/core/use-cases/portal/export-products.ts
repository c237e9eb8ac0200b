import type { ProductSelection } from '../../domain/export-job';
import { dayOf, type SiteCounters } from '../../domain/portal';
import {
  exportRow,
  MAX_DIRECT_EXPORT_PRODUCTS,
  type ExportFormat,
  type ExportRow,
} from '../../domain/product-export';
import { countSites } from '../../domain/portal-summary';
import { DEFAULT_VISIBILITY, intersectScopes, type VisibilityRules } from '../../domain/portal-visibility';
import { scopeOfGroup, type ProductGroup } from '../../domain/product-group';
import { NotFoundError, UnprocessableError } from '../../errors';
import type { PortalOverview } from '../../ports';
import { assertAdmitting, type PortalMember } from '../portal-access';
import { loadGroup } from './groups';
import { isAdministrator, viewerWith, type PortalDependencies, type PortalViewer } from './portal-context';
import { sameGroup, sameRules, settle } from './recent-reads';
import { assertFiltersVisible, assertOrderFits, productPageOn, searchOf } from './products';
import * as problemDetails from '../../i18n/details/compiled/index';

export type ProductExportQuery = ProductSelection & {
  readonly format: ExportFormat;
};

/** Products one read of an export asks for: several DynamoDB pages' worth, so the loop stays short. */
const EXPORT_PAGE = 1_000;

function tooLarge(limit: number, count?: number): UnprocessableError {
  const asJob = limit === MAX_DIRECT_EXPORT_PRODUCTS;
  return new UnprocessableError(
    'export-too-large',
    `${asJob ? 'A download' : 'An export'} holds at most ${limit.toLocaleString('en')} products` +
      `${count === undefined ? '' : `; this one would hold ${count.toLocaleString('en')}`}.` +
      (asJob
        ? ' Start an export (POST /v1/portal/export-jobs), or narrow it with filters.'
        : ' Narrow it with filters.'),
    { limit, ...(count === undefined ? {} : { count }) },
  ).keyed(problemDetails.exportTooLarge, {
    job: asJob ? 'yes' : 'no',
    limit,
    counted: count === undefined ? 'no' : 'yes',
    count: count ?? 0,
  });
}

/** What an export is planned from, checked: the caller's rules, the group, the sites the rows carry. */
export interface PreparedExport {
  readonly rules: VisibilityRules;
  readonly group?: ProductGroup | undefined;
  readonly sites: ReadonlyMap<string, SiteCounters>;
  /** How many products the export will hold, from the site counters; undefined for a search or PRODUCTS group. */
  readonly expectedCount?: number | undefined;
}

/**
 * How many products an export will hold, from the site counters: undefined for a search or a PRODUCTS group
 * (known only once read).
 */
function countedProducts(
  viewer: PortalViewer,
  sites: readonly SiteCounters[],
  selection: ProductSelection,
  group: ProductGroup | undefined,
): number | undefined {
  const search = searchOf(selection);
  if (
    search.serviceTag !== undefined ||
    search.model !== undefined ||
    group?.definition.kind === 'PRODUCTS'
  ) {
    return undefined;
  }
  const filtered = intersectScopes(viewer.scope, {
    sites: selection.site === undefined ? 'ALL' : new Set([selection.site]),
    families: selection.family === undefined ? 'ALL' : new Set([selection.family]),
  });
  const totals = countSites(
    sites,
    group ? intersectScopes(filtered, scopeOfGroup(group.definition)) : filtered,
  ).totals;
  if (selection.status === undefined) return totals.total;
  return totals[
    selection.status === 'ACTIVE' ? 'active' : selection.status === 'EXPIRING' ? 'expiring' : 'expired'
  ];
}

/** What an export is planned on, as read: the overview and the group asked for, each read or failed. */
export type ExportReads = readonly [
  PromiseSettledResult<PortalOverview>,
  PromiseSettledResult<ProductGroup | undefined>,
];

function exportReads(
  deps: Pick<PortalDependencies, 'settings' | 'overview'>,
  caller: { readonly organizationId: string; readonly userId: string },
  selection: ProductSelection,
): Promise<ExportReads> {
  return Promise.allSettled([
    deps.overview.read(caller.organizationId),
    selection.group === undefined ? undefined : loadGroup(deps, caller, selection.group),
  ]);
}

/**
 * The reads of prepareExport, started beside the account for the organization the caller's token names
 * (requirePortalMemberReading): the overview is read for every export, so nothing is read in vain, and the
 * first page follows in the second round trip, planned on what was read, with nothing to guess.
 */
export function earlyExportReads(
  deps: Pick<PortalDependencies, 'settings' | 'overview'>,
  userId: string,
  selection: ProductSelection,
): (organizationId: string) => Promise<ExportReads> {
  return (organizationId) => exportReads(deps, { organizationId, userId }, selection);
}

/**
 * Checks an export's selection and plans it: the overview (the organization's profile, whose status must admit
 * its members, the rules, and the sites whose names the rows carry) and the group are read together; without a search or a PRODUCTS group the site counters say how many products
 * the file will hold before any is read, and more than `limit` is refused at once.
 * Failure paths: an organization deactivated by operators → 403 organization-deactivated; as the product list
 * (404 for a hidden or unknown site, family or group; 400 for a search sorted another way); more than `limit` products by the counters → 422 export-too-large.
 */
export async function prepareExport(
  deps: Pick<PortalDependencies, 'settings' | 'overview'> & Partial<Pick<PortalDependencies, 'recent'>>,
  member: PortalMember,
  selection: ProductSelection,
  limit: number,
  early?: Promise<ExportReads>,
): Promise<PreparedExport> {
  assertOrderFits(selection);
  const organizationId = member.organizationId;
  const [overview, groupRead] = await (early ??
    exportReads(deps, { organizationId, userId: member.account.userId }, selection));
  if (overview.status === 'rejected') throw overview.reason;
  if (!overview.value.organization)
    throw new NotFoundError('Your organization could not be found.').keyed(
      problemDetails.organizationNotFound,
    );
  // The profile comes with the overview (one consistent Query): no read of the status of its own, and a
  // deactivated organization is refused before anything about the group is said.
  assertAdmitting(member, overview.value.organization.status);
  if (groupRead.status === 'rejected') throw groupRead.reason;
  const group = groupRead.value;
  const { visibility, sites } = overview.value;
  const rules = isAdministrator(member) ? DEFAULT_VISIBILITY : visibility;
  assertFiltersVisible(viewerWith(member, rules), sites, selection);

  const expectedCount = countedProducts(viewerWith(member, rules), sites, selection, group);
  if (expectedCount !== undefined && expectedCount > limit) throw tooLarge(limit, expectedCount);
  if (deps.recent) {
    // The organization's rules, whoever read them (an administrator too): a member's next guess plans on them.
    deps.recent.rules.remember(organizationId, visibility);
    deps.recent.counters.remember(organizationId, sites);
    if (group) deps.recent.groups.remember(`${organizationId}/${group.groupId}`, group);
  }
  return {
    rules,
    group,
    sites: new Map(sites.map((site) => [site.siteId, site])),
    expectedCount,
  };
}

/**
 * The rows of a prepared export, one page of the product list at a time (memory holds one page, never the
 * file); more than `limit` rows → 422 export-too-large as soon as one more is read.
 */
export async function* exportRowPages(
  deps: Pick<PortalDependencies, 'inventory'>,
  member: PortalMember,
  prepared: PreparedExport,
  selection: ProductSelection,
  limit: number,
  /** The first page, already read on what `prepared` says (planExport's guess). */
  firstPage?: ProductPage,
): AsyncGenerator<ExportRow[]> {
  let cursor: string | undefined;
  let count = 0;
  let first = firstPage;
  // The counters size each page's queries (a restricted member's page is one round, not many in sequence).
  const counters = [...prepared.sites.values()];
  do {
    const page =
      first ??
      (await productPageOn(
        deps,
        member,
        { rules: prepared.rules, group: prepared.group, counters },
        { ...selection, limit: EXPORT_PAGE, cursor },
      ));
    first = undefined;
    count += page.items.length;
    if (count > limit) throw tooLarge(limit);
    yield page.items.map((product) => exportRow(product, prepared.sites.get(product.siteId)));
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/** A page of the product list as productPageOn answers it. */
type ProductPage = Awaited<ReturnType<typeof productPageOn>>;

/**
 * An export planned (prepareExport) with its first page read **beside** the plan's reads, so the first rows come
 * after two round trips in sequence (the account, then the overview and group with the first page), not three.
 * As for the product list, the page is planned on what this execution environment read last (recent-reads.ts):
 * an administrator's rules (everything), a member's rules, the group, and the site counters. It is guessed only
 * when all of them are known and the counters say the export is within `limit` (a refused export should not
 * cost a page of reads); it is used only when the rules and group read equal the guess, else dropped unseen and
 * read again on what was read. With `early` (the overview and group read beside the account: earlyExportReads)
 * there is nothing to guess: the first page is read on them, also in the second round trip.
 * Failure paths: as prepareExport and exportRowPages.
 */
export async function planExport(
  deps: Pick<PortalDependencies, 'settings' | 'overview' | 'inventory' | 'recent'>,
  member: PortalMember,
  selection: ProductSelection,
  limit: number,
  early?: Promise<ExportReads>,
): Promise<{ readonly prepared: PreparedExport; readonly pages: AsyncGenerator<ExportRow[]> }> {
  if (early) {
    const prepared = await prepareExport(deps, member, selection, limit, early);
    return { prepared, pages: exportRowPages(deps, member, prepared, selection, limit) };
  }
  const organizationId = member.organizationId;
  const rules = isAdministrator(member) ? DEFAULT_VISIBILITY : deps.recent.rules.get(organizationId);
  const groupKey = selection.group === undefined ? undefined : `${organizationId}/${selection.group}`;
  const group = groupKey === undefined ? undefined : deps.recent.groups.get(groupKey);
  const counters = deps.recent.counters.get(organizationId);
  const expected =
    rules && counters ? countedProducts(viewerWith(member, rules), counters, selection, group) : undefined;
  const guessable =
    rules !== undefined &&
    counters !== undefined &&
    (groupKey === undefined || group !== undefined) &&
    (expected === undefined || expected <= limit);
  const guessed = guessable
    ? settle(productPageOn(deps, member, { rules, group, counters }, { ...selection, limit: EXPORT_PAGE }))
    : undefined;

  const prepared = await prepareExport(deps, member, selection, limit);
  let firstPage: ProductPage | undefined;
  if (guessed && rules && sameRules(rules, prepared.rules) && sameGroup(group, prepared.group)) {
    const outcome = await guessed;
    if ('error' in outcome) throw outcome.error;
    firstPage = outcome.value;
  }
  return { prepared, pages: exportRowPages(deps, member, prepared, selection, limit, firstPage) };
}

/**
 * What the caller may see, filtered, searched and sorted as the product list is, as the rows of one file (a
 * direct download). Main path: prepareExport, then the list's pages read one after the other.
 * Failure paths: as prepareExport; more than MAX_DIRECT_EXPORT_PRODUCTS products → 422 export-too-large, before
 * reading them when the counters tell, else as soon as one more is read.
 */
export async function exportProducts(
  deps: Pick<PortalDependencies, 'inventory' | 'settings' | 'overview' | 'recent' | 'clock'>,
  member: PortalMember,
  query: ProductExportQuery,
  early?: Promise<ExportReads>,
): Promise<{ readonly asOf: string; readonly rows: ExportRow[] }> {
  const { pages } = await planExport(deps, member, query, MAX_DIRECT_EXPORT_PRODUCTS, early);
  const rows: ExportRow[] = [];
  for await (const page of pages) {
    rows.push(...page);
  }
  return { asOf: dayOf(deps.clock.now()), rows };
}
