import { removeMember } from '../core/use-cases/portal/membership-exit';
import { membershipExitDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { removeMemberRoute } from './remove-member.route';

export const handler = idempotentApiHandler(removeMemberRoute, async ({ caller, path }) => ({
  status: 200,
  body: await removeMember(membershipExitDependencies(), caller.userId, path.userId),
}));
