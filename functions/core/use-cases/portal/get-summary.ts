import { dayOf } from '../../domain/portal';
import { countProducts, countSites } from '../../domain/portal-summary';
import { effectiveGroupScope, productsInScope } from '../../domain/product-group-rules';
import type { PortalScope } from '../../domain/portal-visibility';
import type { ProductGroup } from '../../domain/product-group';
import { NotFoundError } from '../../errors';
import type { PortalOverview } from '../../ports';
import type { PortalMember } from '../portal-access';
import { viewerWith, type PortalDependencies } from './portal-context';
import { groupEntry } from './portal-views';
import * as problemDetails from '../../i18n/details/compiled/index';

/** What the Summary reads of the organization: its overview and the groups the caller sees. */
export type SummaryReads = readonly [PortalOverview, ProductGroup[]];

/** The Summary's reads for `userId` in an organization; readAsPortalMember starts them beside the account. */
export function summaryReads(
  deps: Pick<PortalDependencies, 'overview' | 'settings'>,
  userId: string,
): (organizationId: string) => Promise<SummaryReads> {
  return (organizationId) =>
    Promise.all([deps.overview.read(organizationId), deps.settings.listGroups(organizationId, userId)]);
}

function sizeOf(allowed: PortalScope['sites']): 'ALL' | number {
  return allowed === 'ALL' ? 'ALL' : allowed.size;
}

/**
 * The portal's landing view: the member's organization and role, what they may see (`scope`), and the counts of
 * their products by support status in total, by site and by family — of everything they see, or of one group
 * (`?group=`) resolved against what they see. Main path: the organization's overview (profile, rules, site
 * counters: one Query) and the groups (the caller's own and the shared ones) are read together, right after the
 * account: two round trips in sequence. The counts come from the counters, never from the products, except for
 * a PRODUCTS group, whose listed products are read (at most MAX_GROUP_PRODUCTS, one more round trip) and
 * filtered one by one. `?group=` is found among the groups listed, so it costs no read of its own. When the
 * caller's token names the organization, both are read beside the account (`early`: summaryReads, through
 * readAsPortalMember): one round trip in sequence.
 * Failure paths: the organization no longer exists → 404; a group that does not exist or is neither the
 * caller's nor shared with their organization → 404.
 */
export async function getPortalSummary(
  deps: Pick<PortalDependencies, 'overview' | 'inventory' | 'settings' | 'clock'>,
  member: PortalMember,
  query: { readonly group?: string | undefined } = {},
  early?: Promise<SummaryReads>,
) {
  const organizationId = member.organizationId;
  const [overview, groups] = await (early ?? summaryReads(deps, member.account.userId)(organizationId));
  const { organization, sites } = overview;
  if (!organization)
    throw new NotFoundError('Your organization could not be found.').keyed(
      problemDetails.organizationNotFound,
    );
  const viewer = viewerWith(member, overview.visibility);
  const group = query.group === undefined ? undefined : groups.find((entry) => entry.groupId === query.group);
  if (query.group !== undefined && !group)
    throw new NotFoundError('There is no such group.').keyed(problemDetails.noSuchGroup);

  const counts =
    group?.definition.kind === 'PRODUCTS'
      ? countProducts(
          productsInScope(
            await deps.inventory.getProducts(organizationId, group.definition.serviceTags),
            viewer.scope,
          ),
          sites,
        )
      : countSites(sites, group ? effectiveGroupScope(viewer.scope, group.definition) : viewer.scope);

  return {
    asOf: dayOf(deps.clock.now()),
    organization: {
      organizationId: organization.organizationId,
      name: organization.name,
      city: organization.city,
      country: organization.country,
    },
    member: {
      userId: member.account.userId,
      firstName: member.account.firstName,
      lastName: member.account.lastName,
      role: viewer.role,
    },
    scope: { sites: sizeOf(viewer.scope.sites), families: sizeOf(viewer.scope.families) },
    ...(group ? { group: groupEntry(group, viewer.userId) } : {}),
    totals: counts.totals,
    bySite: counts.bySite,
    byFamily: counts.byFamily,
    groups: groups
      .map((entry) => groupEntry(entry, viewer.userId))
      .sort((a, b) => a.name.localeCompare(b.name) || (a.groupId < b.groupId ? -1 : 1)),
  };
}
