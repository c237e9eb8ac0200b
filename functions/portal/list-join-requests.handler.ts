import { listJoinRequests } from '../core/use-cases/portal/join-requests';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { joinRequestStore, portalAccess } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listJoinRequestsRoute } from './list-join-requests.route';

export const handler = apiHandler(listJoinRequestsRoute, async ({ caller }) => ({
  status: 200,
  body: await readAsPortalMember(portalAccess(), caller.userId, (member) =>
    listJoinRequests({ joinRequests: joinRequestStore() }, member),
  ),
}));
