import type { FieldProblem } from '../errors';
import type { SiteCounters } from './portal';
import { EVERYTHING, type VisibilityRules } from './portal-visibility';
import { visibleFamilies } from './portal-summary';

/** Checking and changing an organization's visibility rules (administrators only; they see everything). */

export interface RulesChange {
  readonly sites: 'ALL' | readonly string[];
  readonly families: 'ALL' | readonly string[];
}

export const NOT_A_SITE = 'is not a site of your organization';
export const NOT_A_FAMILY = 'is not a product family of your organization';

/**
 * Every allow-list entry that names nothing of the organization: sites must exist, and families must be known
 * from the site counters (a family exists once a product of it was imported).
 */
export function rulesProblems(change: RulesChange, sites: readonly SiteCounters[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (change.sites !== 'ALL') {
    const known = new Set(sites.map((site) => site.siteId));
    change.sites.forEach((siteId, index) => {
      if (!known.has(siteId)) problems.push({ pointer: `/sites/${index}`, detail: NOT_A_SITE });
    });
  }
  if (change.families !== 'ALL') {
    const known = visibleFamilies(sites, EVERYTHING);
    change.families.forEach((family, index) => {
      if (!known.has(family)) problems.push({ pointer: `/families/${index}`, detail: NOT_A_FAMILY });
    });
  }
  return problems;
}

/** The rules after `change`, one revision on from `current`. */
export function changedRules(
  current: VisibilityRules,
  change: RulesChange,
  by: string,
  now: Date,
): VisibilityRules {
  return {
    sites: change.sites === 'ALL' ? 'ALL' : [...change.sites],
    families: change.families === 'ALL' ? 'ALL' : [...change.families],
    updatedAt: now.toISOString(),
    updatedBy: by,
    revision: current.revision + 1,
  };
}
