import { chooseSupportDigest } from '../core/use-cases/portal/support-digest';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import { portalAccess, supportDigestStore } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { chooseSupportDigestRoute } from './choose-support-digest.route';

export const handler = idempotentApiHandler(chooseSupportDigestRoute, async ({ body, caller }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  return {
    status: 200,
    body: await chooseSupportDigest({ digests: supportDigestStore() }, member, body.enabled),
  };
});
