import { unsubscribeFromDigest } from '../core/use-cases/portal/support-digest';
import { codeSecret, supportDigestStore } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { unsubscribeDigestRoute } from './unsubscribe-digest.route';

export const handler = idempotentApiHandler(unsubscribeDigestRoute, async ({ body }) => ({
  status: 200,
  body: await unsubscribeFromDigest({ digests: supportDigestStore(), codeSecret: codeSecret() }, body.token),
}));
