import { setMembershipPolicy } from '../core/use-cases/portal/membership-policy';
import { requirePortalMember } from '../core/use-cases/portal-access';
import { organizationDirectory, systemClock, accountStore } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { setMembershipPolicyRoute } from './set-membership-policy.route';

export const handler = idempotentApiHandler(setMembershipPolicyRoute, async ({ body, caller }) => {
  // The use case reads the profile itself (its status included): no separate status read.
  const member = await requirePortalMember({ accounts: accountStore() }, caller.userId);
  return {
    status: 200,
    body: await setMembershipPolicy(
      { organizations: organizationDirectory(), clock: systemClock },
      member,
      body.policy,
    ),
  };
});
