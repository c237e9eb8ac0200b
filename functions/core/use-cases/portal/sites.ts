import type { PortalMember } from '../portal-access';
import { viewerOf, withCursor, type PortalDependencies } from './portal-context';
import { pageView, siteView } from './portal-views';

export interface SiteListQuery {
  readonly country?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/**
 * The sites the caller may see, by siteId, one page at a time (optionally of one country), each with the counts
 * of the products at it in the families the caller may see.
 * Failure path: a cursor this list did not issue → 400.
 */
export async function listSites(
  deps: Pick<PortalDependencies, 'inventory' | 'settings'>,
  member: PortalMember,
  query: SiteListQuery,
) {
  const viewer = await viewerOf(deps, member);
  if (viewer.scope.sites !== 'ALL' && viewer.scope.sites.size === 0) return { items: [] };
  const page = await withCursor(() =>
    deps.inventory.sitePage(viewer.organizationId, {
      scope: viewer.scope,
      country: query.country,
      limit: query.limit,
      cursor: query.cursor,
    }),
  );
  return pageView(page, (site) => siteView(site, viewer.scope));
}
