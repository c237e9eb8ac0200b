import type { MemberRole } from '../../domain/account';
import {
  DEFAULT_VISIBILITY,
  viewerScope,
  type PortalScope,
  type VisibilityRules,
} from '../../domain/portal-visibility';
import { ForbiddenError, ValidationError } from '../../errors';
import {
  InvalidCursorError,
  type AccountStore,
  type AuditLog,
  type Clock,
  type MemberDirectory,
  type OrganizationDirectory,
  type PortalInventory,
  type PortalOverviewReader,
  type PortalSettings,
} from '../../ports';
import type { PortalMember } from '../portal-access';
import type { RecentPortalReads } from './recent-reads';
import * as problemDetails from '../../i18n/details/compiled/index';

/** What the portal's use cases need; each takes only the part it uses. */
export interface PortalDependencies {
  readonly accounts: AccountStore;
  readonly organizations: OrganizationDirectory;
  readonly inventory: PortalInventory;
  readonly settings: PortalSettings;
  /** The profile, sites and rules of an organization in one read. */
  readonly overview: PortalOverviewReader;
  /** What this execution environment read last: guesses that let a product query start early. */
  readonly recent: RecentPortalReads;
  readonly members: MemberDirectory;
  /** The organization's audit log (reads; the stores write its entries with their changes). */
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** A member as the portal sees them: their role and, from the organization's rules, what they may see. */
export interface PortalViewer {
  readonly userId: string;
  readonly organizationId: string;
  readonly role: MemberRole;
  readonly scope: PortalScope;
}

/**
 * The caller's scope. Administrators see everything, so their rules are not even read; for a member the rules
 * are read on every request, so a change by an administrator applies at once.
 */
export async function viewerOf(
  deps: Pick<PortalDependencies, 'settings'>,
  member: PortalMember,
): Promise<PortalViewer> {
  const rules: VisibilityRules = isAdministrator(member)
    ? DEFAULT_VISIBILITY
    : await deps.settings.getVisibility(member.organizationId);
  return viewerWith(member, rules);
}

/** The viewer under `rules`, already read (an administrator sees everything whatever they say). */
export function viewerWith(member: PortalMember, rules: VisibilityRules): PortalViewer {
  const role = member.account.role ?? 'MEMBER';
  return {
    userId: member.account.userId,
    organizationId: member.organizationId,
    role,
    scope: viewerScope(role, rules),
  };
}

export function isAdministrator(member: PortalMember): boolean {
  return member.account.role === 'ADMINISTRATOR';
}

/**
 * Administrators only. The role is the account's, read consistently by requirePortalMember; a role change
 * writes the account in the same transaction as the membership (MemberDirectory.changeRole), so a demoted
 * administrator loses the right with their very next request, without a second read here.
 */
export function requireAdministrator(member: PortalMember): void {
  if (member.account.role !== 'ADMINISTRATOR') {
    throw new ForbiddenError(
      'administrators-only',
      'Only administrators of your organization may do this.',
    ).keyed(problemDetails.administratorsOnly);
  }
}

/** Whether the scope lets everything through (nothing to filter). */
export function seesEverything(scope: PortalScope): boolean {
  return scope.sites === 'ALL' && scope.families === 'ALL';
}

/** A page read with a cursor from the query string: a cursor this list did not issue is a 400. */
export async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidCursor();
    throw error;
  }
}

export function invalidCursor(): ValidationError {
  return new ValidationError('The cursor is not valid for this list.', [
    { pointer: 'query:/cursor', detail: 'is not a cursor this list issued' },
  ]).keyed(problemDetails.cursorInvalid);
}
