import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../core/logger';
import { reconcileIdentities } from '../core/use-cases/jobs/reconcile-identities';
import { reconciliationDependencies } from '../core/wiring';

/** Stop taking new pages this long before the Lambda timeout; the next run continues from the kept cursor. */
const SAFETY_MARGIN_MS = 30_000;

/**
 * The reconcile-identities job, invoked by its schedule and by the CloudTrail rule on console changes to the
 * pool (lib/schedules.ts). Whatever the event holds, a run continues the pass from where the last one stopped.
 */
export const handler = middy<unknown, unknown, Error, Context>()
  .use(logger.injectLambdaContext())
  .handler(async (_event, context) => {
    const report = await reconcileIdentities(reconciliationDependencies(), {
      pageSize: 60,
      hasTimeLeft: () => context.getRemainingTimeInMillis() > SAFETY_MARGIN_MS,
    });
    logger.info('scheduled job finished', { job: 'reconcile-identities', ...report });
    return { job: 'reconcile-identities', ...report };
  });
