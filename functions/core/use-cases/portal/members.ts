import { roleChanged } from '../../domain/audit-log';
import type { MemberRole } from '../../domain/account';
import { ConflictError, NotFoundError } from '../../errors';
import { ConcurrentUpdateError, LastAdministratorError } from '../../ports';
import type { PortalMember } from '../portal-access';
import { requireAdministrator, withCursor, type PortalDependencies } from './portal-context';
import { memberView, pageView } from './portal-views';
import * as problemDetails from '../../i18n/details/compiled/index';

/**
 * The members of the caller's organization with their roles, one page at a time.
 * Failure paths: a member → 403 administrators-only; a cursor this list did not issue → 400.
 */
export async function listMembers(
  deps: Pick<PortalDependencies, 'members'>,
  member: PortalMember,
  query: { readonly limit: number; readonly cursor?: string | undefined },
) {
  requireAdministrator(member);
  const page = await withCursor(() =>
    deps.members.listMembers(member.organizationId, { limit: query.limit, cursor: query.cursor }),
  );
  return pageView(page, memberView);
}

/**
 * Promotes a member to administrator or demotes one (oneself included). Main path: the member belongs to the
 * caller's organization → role changed on the membership and the account together, the organization's count of
 * administrators and a ROLE_CHANGED audit entry with it; asking for the role they have already changes nothing.
 * Failure paths: a member → 403 administrators-only; no such member in the caller's organization (another
 * tenant's included) → 404; demoting the last administrator → 409 last-administrator; changed meanwhile → 409
 * concurrent-update.
 */
export async function changeMemberRole(
  deps: Pick<PortalDependencies, 'members' | 'clock'>,
  member: PortalMember,
  userId: string,
  role: MemberRole,
) {
  requireAdministrator(member);
  const target = await deps.members.getMember(member.organizationId, userId);
  if (!target)
    throw new NotFoundError('There is no such member in your organization.').keyed(
      problemDetails.noSuchMember,
    );
  if (target.role === role) return memberView(target);
  try {
    await deps.members.changeRole(
      member.organizationId,
      userId,
      target.role,
      role,
      roleChanged(member.organizationId, member.account, target, target.role, role, deps.clock.now()),
    );
  } catch (error) {
    if (error instanceof LastAdministratorError) {
      throw new ConflictError(
        'last-administrator',
        'An organization keeps at least one administrator: promote someone else before stepping down.',
      ).keyed(problemDetails.lastAdministratorStepDown);
    }
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'This member was changed by another request. Reload and retry.',
      ).keyed(problemDetails.memberChanged);
    }
    throw error;
  }
  return memberView({ ...target, role });
}
