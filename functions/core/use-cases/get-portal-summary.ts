import { NotFoundError } from '../errors';
import type { Dependencies } from './dependencies';
import type { PortalMember } from './portal-access';

/**
 * The portal's landing view. For now it shows the member's organization and role; site, product-family and
 * support-status counts arrive with the portal data.
 */
export async function getPortalSummary(deps: Pick<Dependencies, 'organizations'>, member: PortalMember) {
  const organization = await deps.organizations.getOrganization(member.organizationId);
  if (!organization) throw new NotFoundError('Your organization could not be found.');
  return {
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
      role: member.account.role ?? 'MEMBER',
    },
  };
}
