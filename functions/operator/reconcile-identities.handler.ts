import { ServiceUnavailableError } from '../core/errors';
import { IdentityUnavailableError } from '../core/ports';
import { reconcileIdentities } from '../core/use-cases/jobs/reconcile-identities';
import { reconciliationDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { reconcileIdentitiesRoute } from './reconcile-identities.route';
import * as problemDetails from '../core/i18n/details/compiled/index';

/** Pages are started for this long; with one page's work after it, the answer leaves well within the 29 s. */
const RUN_FOR_MS = 18_000;

export const handler = idempotentApiHandler(reconcileIdentitiesRoute, async () => {
  const stopAt = Date.now() + RUN_FOR_MS;
  try {
    return {
      status: 200,
      body: await reconcileIdentities(reconciliationDependencies(), {
        pageSize: 60,
        hasTimeLeft: () => Date.now() < stopAt,
      }),
    };
  } catch (error) {
    if (error instanceof IdentityUnavailableError) {
      throw new ServiceUnavailableError(
        'The user pool is unavailable right now: run it again shortly.',
      ).keyed(problemDetails.userPoolUnavailable);
    }
    throw error;
  }
});
