import { visibilityChanged } from '../../domain/audit-log';
import { changedRules, rulesProblems, type RulesChange } from '../../domain/visibility-rules';
import { ConflictError, ValidationError } from '../../errors';
import { ConcurrentUpdateError } from '../../ports';
import type { PortalMember } from '../portal-access';
import { requireAdministrator, type PortalDependencies } from './portal-context';
import { rulesView } from './portal-views';
import * as problemDetails from '../../i18n/details/compiled/index';

/** The organization's visibility rules (the default, everything, until saved). Members → 403. */
export async function getVisibility(deps: Pick<PortalDependencies, 'settings'>, member: PortalMember) {
  requireAdministrator(member);
  return rulesView(await deps.settings.getVisibility(member.organizationId));
}

/**
 * Sets which sites and product families members see (administrators always see everything). Main path: every
 * allow-list entry names a site of the organization or a family it has products of → saved over the revision
 * read, with who and when, and a VISIBILITY_CHANGED audit entry; every member's next read applies it.
 * Failure paths: a member → 403 administrators-only; an unknown site or family (another tenant's included) →
 * 400 naming it; changed meanwhile → 409 concurrent-update.
 */
export async function setVisibility(
  deps: Pick<PortalDependencies, 'settings' | 'inventory' | 'clock'>,
  member: PortalMember,
  change: RulesChange,
) {
  requireAdministrator(member);
  const lists = change.sites !== 'ALL' || change.families !== 'ALL';
  const [current, sites] = await Promise.all([
    deps.settings.getVisibility(member.organizationId),
    lists ? deps.inventory.siteCounters(member.organizationId) : [],
  ]);
  const problems = rulesProblems(change, sites);
  if (problems.length > 0) {
    throw new ValidationError(
      'Allow lists may only name sites and product families of your organization.',
      problems,
    ).keyed(problemDetails.allowListsOwnOnly);
  }
  const now = deps.clock.now();
  const next = changedRules(current, change, member.account.userId, now);
  try {
    await deps.settings.saveVisibility(
      member.organizationId,
      next,
      visibilityChanged(member.organizationId, member.account, next, now),
    );
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'The visibility rules were changed by another request. Reload and retry.',
      ).keyed(problemDetails.visibilityChanged);
    }
    throw error;
  }
  return rulesView(next);
}
