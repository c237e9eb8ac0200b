import { dayOf } from '../../domain/portal';
import {
  exportRow,
  MAX_DIRECT_EXPORT_PRODUCTS,
  type ExportFormat,
  type ExportRow,
} from '../../domain/product-export';
import { countSites } from '../../domain/portal-summary';
import { DEFAULT_VISIBILITY, intersectScopes } from '../../domain/portal-visibility';
import { scopeOfGroup } from '../../domain/product-group';
import { NotFoundError, UnprocessableError } from '../../errors';
import type { PortalMember } from '../portal-access';
import { loadGroup } from './groups';
import { isAdministrator, viewerWith, type PortalDependencies } from './portal-context';
import {
  assertFiltersVisible,
  assertOrderFits,
  productPageOn,
  searchOf,
  type ProductListQuery,
} from './products';

export type ProductExportQuery = Omit<ProductListQuery, 'limit' | 'cursor'> & {
  readonly format: ExportFormat;
};

/** Products one read of an export asks for: several DynamoDB pages' worth, so the loop stays short. */
const EXPORT_PAGE = 1_000;

function tooLarge(count?: number): UnprocessableError {
  return new UnprocessableError(
    'export-too-large',
    `A download holds at most ${MAX_DIRECT_EXPORT_PRODUCTS.toLocaleString('en')} products` +
      `${count === undefined ? '' : `; this one would hold ${count.toLocaleString('en')}`}. Narrow it with filters.`,
    { limit: MAX_DIRECT_EXPORT_PRODUCTS, ...(count === undefined ? {} : { count }) },
  );
}

/**
 * What the caller may see, filtered, searched and sorted as the product list is, as the rows of one file. Main
 * path: the overview (rules, and the sites whose names the rows carry) and the group are read; without a search
 * or a PRODUCTS group the site counters say how many products the file will hold before any is read; then the
 * list's pages are read one after the other.
 * Failure paths: as the product list (404 for a hidden or unknown site, family or group; 400 for a search sorted
 * another way); more than MAX_DIRECT_EXPORT_PRODUCTS products → 422 export-too-large, before reading them when
 * the counters tell, else as soon as one more is read.
 */
export async function exportProducts(
  deps: Pick<PortalDependencies, 'inventory' | 'settings' | 'overview' | 'clock'>,
  member: PortalMember,
  query: ProductExportQuery,
): Promise<{ readonly asOf: string; readonly rows: ExportRow[] }> {
  assertOrderFits(query);
  const organizationId = member.organizationId;
  const [overview, group] = await Promise.all([
    deps.overview.read(organizationId),
    query.group === undefined
      ? undefined
      : loadGroup(deps, { organizationId, userId: member.account.userId }, query.group),
  ]);
  if (!overview.organization) throw new NotFoundError('Your organization could not be found.');
  const rules = isAdministrator(member) ? DEFAULT_VISIBILITY : overview.visibility;
  const viewer = viewerWith(member, rules);
  assertFiltersVisible(viewer, overview.sites, query);

  const search = searchOf(query);
  if (
    search.serviceTag === undefined &&
    search.model === undefined &&
    group?.definition.kind !== 'PRODUCTS'
  ) {
    const filtered = intersectScopes(viewer.scope, {
      sites: query.site === undefined ? 'ALL' : new Set([query.site]),
      families: query.family === undefined ? 'ALL' : new Set([query.family]),
    });
    const totals = countSites(
      overview.sites,
      group ? intersectScopes(filtered, scopeOfGroup(group.definition)) : filtered,
    ).totals;
    const count =
      query.status === undefined
        ? totals.total
        : totals[query.status === 'ACTIVE' ? 'active' : query.status === 'EXPIRING' ? 'expiring' : 'expired'];
    if (count > MAX_DIRECT_EXPORT_PRODUCTS) throw tooLarge(count);
  }

  const sites = new Map(overview.sites.map((site) => [site.siteId, site]));
  const rows: ExportRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await productPageOn(
      deps,
      member,
      { rules, group },
      { ...query, limit: EXPORT_PAGE, cursor },
    );
    for (const product of page.items) rows.push(exportRow(product, sites.get(product.siteId)));
    if (rows.length > MAX_DIRECT_EXPORT_PRODUCTS) throw tooLarge();
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { asOf: dayOf(deps.clock.now()), rows };
}
