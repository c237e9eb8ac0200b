import type { FieldProblem } from '../errors';
import type { Product, SiteCounters } from './portal';
import { visibleFamilies } from './portal-summary';
import { familyInScope, inScope, intersectScopes, siteInScope, type PortalScope } from './portal-visibility';
import { scopeOfGroup, type ProductGroupDefinition } from './product-group';

/**
 * How a custom group is read and checked. A group is resolved against the viewer's scope on every read, so it
 * never shows what the viewer may not see, whoever made it and whatever they could see then.
 */

/** The (site, family) pairs a group shows to a viewer with `viewerScope`. */
export function effectiveGroupScope(
  viewerScope: PortalScope,
  definition: ProductGroupDefinition,
): PortalScope {
  return intersectScopes(viewerScope, scopeOfGroup(definition));
}

/** The products of a PRODUCTS group that `scope` lets through, in the order given. */
export function productsInScope(products: readonly Product[], scope: PortalScope): Product[] {
  return products.filter((product) => inScope(scope, product));
}

/**
 * The definition as a viewer may see it: only the entries they can see, in their order. For a PRODUCTS group,
 * `visibleServiceTags` are the listed products the viewer sees (read from the inventory and checked with
 * `inScope`); the other kinds are checked against the scope alone.
 */
export function visibleDefinition(
  definition: ProductGroupDefinition,
  viewerScope: PortalScope,
  visibleServiceTags: ReadonlySet<string> = new Set(),
): ProductGroupDefinition {
  switch (definition.kind) {
    case 'PRODUCTS':
      return {
        kind: 'PRODUCTS',
        serviceTags: definition.serviceTags.filter((tag) => visibleServiceTags.has(tag)),
      };
    case 'FAMILIES':
      return {
        kind: 'FAMILIES',
        families: definition.families.filter((family) => familyInScope(viewerScope, family)),
      };
    case 'FAMILIES_AT_SITES':
      return {
        kind: 'FAMILIES_AT_SITES',
        families: definition.families.filter((family) => familyInScope(viewerScope, family)),
        sites: definition.sites.filter((siteId) => siteInScope(viewerScope, siteId)),
      };
  }
}

/** What the owner of a group can see, to check a definition against. */
export interface OwnerView {
  readonly scope: PortalScope;
  /** Every site of the organization with its counters (families are only known through them). */
  readonly sites: readonly SiteCounters[];
  /** The listed products that exist (for a PRODUCTS definition); the others are unknown. */
  readonly products?: readonly Product[];
}

export const NOT_A_VISIBLE_PRODUCT = 'is not a product you can see';
export const NOT_A_VISIBLE_FAMILY = 'is not a product family you can see';
export const NOT_A_VISIBLE_SITE = 'is not a site you can see';

/**
 * Every entry of a definition the owner cannot see, as field problems under `pointer` (e.g.
 * `/definition/serviceTags/3`). Unknown and invisible get the same message, so a group cannot be used to probe
 * for what exists beyond the owner's scope (or in another organization).
 */
export function definitionProblems(
  definition: ProductGroupDefinition,
  owner: OwnerView,
  pointer = '/definition',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (
    values: readonly string[],
    field: string,
    visible: (value: string) => boolean,
    detail: string,
  ) => {
    values.forEach((value, index) => {
      if (!visible(value)) problems.push({ pointer: `${pointer}/${field}/${index}`, detail });
    });
  };
  switch (definition.kind) {
    case 'PRODUCTS': {
      const seen = new Set(
        (owner.products ?? []).filter((product) => inScope(owner.scope, product)).map((p) => p.serviceTag),
      );
      check(definition.serviceTags, 'serviceTags', (tag) => seen.has(tag), NOT_A_VISIBLE_PRODUCT);
      break;
    }
    case 'FAMILIES': {
      const families = visibleFamilies(owner.sites, owner.scope);
      check(definition.families, 'families', (family) => families.has(family), NOT_A_VISIBLE_FAMILY);
      break;
    }
    case 'FAMILIES_AT_SITES': {
      const families = visibleFamilies(owner.sites, owner.scope);
      const sites = new Set(
        owner.sites.filter((site) => siteInScope(owner.scope, site.siteId)).map((site) => site.siteId),
      );
      check(definition.families, 'families', (family) => families.has(family), NOT_A_VISIBLE_FAMILY);
      check(definition.sites, 'sites', (siteId) => sites.has(siteId), NOT_A_VISIBLE_SITE);
      break;
    }
  }
  return problems;
}
