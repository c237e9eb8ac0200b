import { EVERYTHING, type PortalScope } from './portal-visibility';

/**
 * A member's custom group: chosen products, whole product families, or families at chosen sites. Private to
 * its owner unless shared with the organization; only the owner changes it. A group is resolved against the
 * viewer's own scope on every read, so it never shows what the viewer may not see.
 */
export type ProductGroupDefinition =
  | { readonly kind: 'PRODUCTS'; readonly serviceTags: readonly string[] }
  | { readonly kind: 'FAMILIES'; readonly families: readonly string[] }
  | {
      readonly kind: 'FAMILIES_AT_SITES';
      readonly families: readonly string[];
      readonly sites: readonly string[];
    };

export type ProductGroupKind = ProductGroupDefinition['kind'];

export interface ProductGroup {
  readonly groupId: string;
  readonly organizationId: string;
  readonly ownerId: string;
  readonly name: string;
  readonly shared: boolean;
  readonly definition: ProductGroupDefinition;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Incremented on every change; guards against lost updates. */
  readonly revision: number;
}

/**
 * Most products a PRODUCTS group may list: a group's Summary stays a bounded batch read, and 300 of the longest
 * service tags still fit the API's 16 KB body limit.
 */
export const MAX_GROUP_PRODUCTS = 300;
/** Most families or sites a group may list. */
export const MAX_GROUP_ENTRIES = 100;
/** Most groups one member may own. */
export const MAX_GROUPS_PER_MEMBER = 50;

/**
 * The (site, family) pairs a FAMILIES or FAMILIES_AT_SITES group covers; a PRODUCTS group covers its listed
 * products only, so its scope is everything and its products are filtered one by one.
 */
export function scopeOfGroup(definition: ProductGroupDefinition): PortalScope {
  switch (definition.kind) {
    case 'PRODUCTS':
      return EVERYTHING;
    case 'FAMILIES':
      return { sites: 'ALL', families: new Set(definition.families) };
    case 'FAMILIES_AT_SITES':
      return { sites: new Set(definition.sites), families: new Set(definition.families) };
  }
}
