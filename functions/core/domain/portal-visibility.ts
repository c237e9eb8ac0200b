import type { MemberRole } from './account';

/**
 * What an organization's members may see, decided by its administrators: every site and family (the default),
 * or allow lists. Administrators always see everything, so they can manage what others see.
 */
export interface VisibilityRules {
  readonly sites: 'ALL' | readonly string[];
  readonly families: 'ALL' | readonly string[];
  readonly updatedAt?: string | undefined;
  /** userId of the administrator who last changed the rules. */
  readonly updatedBy?: string | undefined;
  /** Incremented on every change; guards against lost updates. 0 for the default that was never saved. */
  readonly revision: number;
}

export const DEFAULT_VISIBILITY: VisibilityRules = { sites: 'ALL', families: 'ALL', revision: 0 };

/** Most entries an allow list may hold. */
export const MAX_ALLOWED_ENTRIES = 100;

/**
 * A set of (site, family) pairs: the sites and families allowed, each `ALL` or a set. Every portal read is
 * limited to the caller's scope, intersected with what they asked for (a filter, a group).
 */
export interface PortalScope {
  readonly sites: 'ALL' | ReadonlySet<string>;
  readonly families: 'ALL' | ReadonlySet<string>;
}

export const EVERYTHING: PortalScope = { sites: 'ALL', families: 'ALL' };

/** What someone with `role` sees under `rules`. */
export function viewerScope(role: MemberRole, rules: VisibilityRules): PortalScope {
  if (role === 'ADMINISTRATOR') return EVERYTHING;
  return {
    sites: rules.sites === 'ALL' ? 'ALL' : new Set(rules.sites),
    families: rules.families === 'ALL' ? 'ALL' : new Set(rules.families),
  };
}

function intersect(
  a: 'ALL' | ReadonlySet<string>,
  b: 'ALL' | ReadonlySet<string>,
): 'ALL' | ReadonlySet<string> {
  if (a === 'ALL') return b;
  if (b === 'ALL') return a;
  return new Set([...a].filter((value) => b.has(value)));
}

export function intersectScopes(a: PortalScope, b: PortalScope): PortalScope {
  return { sites: intersect(a.sites, b.sites), families: intersect(a.families, b.families) };
}

function allows(allowed: 'ALL' | ReadonlySet<string>, value: string): boolean {
  return allowed === 'ALL' || allowed.has(value);
}

export function inScope(
  scope: PortalScope,
  item: { readonly siteId: string; readonly family: string },
): boolean {
  return allows(scope.sites, item.siteId) && allows(scope.families, item.family);
}

export function siteInScope(scope: PortalScope, siteId: string): boolean {
  return allows(scope.sites, siteId);
}

export function familyInScope(scope: PortalScope, family: string): boolean {
  return allows(scope.families, family);
}

/** Whether nothing at all can be in the scope (an empty allow list). */
export function isEmptyScope(scope: PortalScope): boolean {
  return (
    (scope.sites !== 'ALL' && scope.sites.size === 0) ||
    (scope.families !== 'ALL' && scope.families.size === 0)
  );
}
