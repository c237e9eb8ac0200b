import type { Product, SiteCounters } from '../../domain/portal';
import { siteCountsIn } from '../../domain/portal-summary';
import type { PortalScope, VisibilityRules } from '../../domain/portal-visibility';
import type { ProductGroup, ProductGroupDefinition } from '../../domain/product-group';
import type { Member, Page } from '../../ports';

/** What the portal routes answer: exactly the documented fields (docs/portal.md), never a stored item as is. */

export function productView(product: Product) {
  const { serviceTag, model, family, siteId, supportEndDate, supportStatus } = product;
  return { serviceTag, model, family, siteId, supportEndDate, supportStatus };
}

/** A site with the counts of the products at it that `scope` lets through. */
export function siteView(site: SiteCounters, scope: PortalScope) {
  const { siteId, name, address, city, country } = site;
  return { siteId, name, address, city, country, counts: siteCountsIn(site, scope) };
}

/** A group as listed in the Summary. */
export function groupEntry(group: ProductGroup, viewerId: string) {
  const { groupId, name, shared } = group;
  return { groupId, name, kind: group.definition.kind, shared, mine: group.ownerId === viewerId };
}

/** A group, with its definition as the viewer may see it. */
export function groupView(group: ProductGroup, viewerId: string, definition: ProductGroupDefinition) {
  return {
    ...groupEntry(group, viewerId),
    definition,
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
  };
}

export function memberView(member: Member) {
  const { userId, email, firstName, lastName, role, joinedAt } = member;
  return { userId, email, firstName, lastName, role, joinedAt };
}

export function rulesView(rules: VisibilityRules) {
  return {
    sites: rules.sites,
    families: rules.families,
    ...(rules.updatedAt === undefined ? {} : { updatedAt: rules.updatedAt }),
    ...(rules.updatedBy === undefined ? {} : { updatedBy: rules.updatedBy }),
    revision: rules.revision,
  };
}

/** A page as the list routes answer it: `cursor` only while there may be more. */
export function pageView<T, V>(page: Page<T>, view: (item: T) => V): { items: V[]; cursor?: string } {
  return { items: page.items.map(view), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
}
