import { policyChanged } from '../../domain/audit-log';
import { policyOf, type MembershipPolicy } from '../../domain/membership-policy';
import { admitsMembers } from '../../domain/organization-directory';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import { ConcurrentUpdateError } from '../../ports';
import type { PortalMember } from '../portal-access';
import { requireAdministrator, type PortalDependencies } from './portal-context';
import * as problemDetails from '../../i18n/details/compiled/index';

/** The organization's membership policy (AUTOMATIC until set). Members → 403. */
export async function getMembershipPolicy(
  deps: Pick<PortalDependencies, 'organizations'>,
  member: PortalMember,
) {
  requireAdministrator(member);
  const organization = await deps.organizations.getOrganization(member.organizationId);
  if (!organization)
    throw new NotFoundError('Your organization no longer exists.').keyed(problemDetails.organizationGone);
  return { policy: policyOf(organization) };
}

/**
 * Sets how the people of the organization's email domains join it (domain/membership-policy.ts). Main path:
 * the profile is read (consistently; it also says whether the organization admits its members) → the policy
 * is saved on the profile and its domain copies over the policy read, with a POLICY_CHANGED audit entry, in one
 * transaction; the next registration, division choice or email change follows it. Asking for the policy it has
 * changes nothing. Join requests already filed stay until decided, whatever the new policy.
 * Failure paths: a member → 403 administrators-only; a deactivated organization → 403; changed meanwhile →
 * 409 concurrent-update.
 */
export async function setMembershipPolicy(
  deps: Pick<PortalDependencies, 'organizations' | 'clock'>,
  member: PortalMember,
  policy: MembershipPolicy,
) {
  requireAdministrator(member);
  const organization = await deps.organizations.getOrganization(member.organizationId);
  if (!organization)
    throw new NotFoundError('Your organization no longer exists.').keyed(problemDetails.organizationGone);
  if (!admitsMembers(organization)) {
    throw new ForbiddenError(
      'organization-deactivated',
      'Your organization has been deactivated in Portico. Your account is kept; the portal opens again when ' +
        'the organization is reactivated. Contact your vendor for details.',
      { organizationId: member.organizationId },
    ).keyed(problemDetails.organizationDeactivated);
  }
  const previous = policyOf(organization);
  if (previous === policy) return { policy };
  try {
    await deps.organizations.saveMembershipPolicy(
      organization,
      policy,
      policyChanged(member.organizationId, member.account, previous, policy, deps.clock.now()),
    );
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'The membership policy was changed by another request. Reload and retry.',
      ).keyed(problemDetails.membershipPolicyChanged);
    }
    throw error;
  }
  return { policy };
}
