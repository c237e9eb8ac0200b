import { siteInScope } from '../../domain/portal-visibility';
import type { PortalOverview } from '../../ports';
import type { PortalMember } from '../portal-access';
import { invalidCursor, viewerWith, type PortalDependencies } from './portal-context';
import { siteView } from './portal-views';

export interface SiteListQuery {
  readonly country?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/**
 * The sites the caller may see, by siteId, one page at a time (optionally of one country), each with the counts
 * of the products at it in the families the caller may see. Main path: the organization's overview (rules and
 * every site, one Query) is read after the account, and the page is cut from it: two round trips in sequence,
 * whatever the page. An organization's sites are few and small (the Summary reads them all too).
 * Failure path: a cursor this list did not issue → 400.
 */
export async function listSites(
  deps: Pick<PortalDependencies, 'overview'>,
  member: PortalMember,
  query: SiteListQuery,
  /** The overview, read beside the account when the caller's token names the organization (readAsPortalMember). */
  early?: Promise<PortalOverview>,
) {
  const overview = await (early ?? deps.overview.read(member.organizationId));
  const viewer = viewerWith(member, overview.visibility);
  const after = query.cursor === undefined ? undefined : decodeSiteCursor(query.cursor);
  const listed = overview.sites
    .filter((site) => siteInScope(viewer.scope, site.siteId))
    .filter((site) => query.country === undefined || site.country === query.country)
    .filter((site) => after === undefined || site.siteId > after)
    .sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0));
  const page = listed.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((site) => siteView(site, viewer.scope)),
    ...(listed.length > page.length && last ? { cursor: encodeSiteCursor(last.siteId) } : {}),
  };
}

function encodeSiteCursor(siteId: string): string {
  return Buffer.from(JSON.stringify({ after: siteId })).toString('base64url');
}

/** The siteId a page ended with; anything else is refused. */
function decodeSiteCursor(cursor: string): string {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const after = (decoded ?? {}) as { after?: unknown };
  if (
    typeof decoded !== 'object' ||
    Object.keys(decoded ?? {}).length !== 1 ||
    typeof after.after !== 'string'
  ) {
    throw invalidCursor();
  }
  return after.after;
}
