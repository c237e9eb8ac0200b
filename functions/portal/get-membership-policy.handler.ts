import { getMembershipPolicy } from '../core/use-cases/portal/membership-policy';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { organizationDirectory, portalAccess } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getMembershipPolicyRoute } from './get-membership-policy.route';

export const handler = apiHandler(getMembershipPolicyRoute, async ({ caller }) => ({
  status: 200,
  body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
    getMembershipPolicy({ organizations: organizationDirectory() }, member),
  ),
}));
