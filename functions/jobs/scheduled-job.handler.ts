import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { logger } from '../core/logger';
// zod's English messages, for the errors this handler throws and logs.
import '../core/zod-locale';
import { runScheduledJob } from '../core/use-cases/jobs/run-scheduled-job';
import { jobDependencies } from '../core/wiring';
import { SCHEDULED_JOB_NAMES } from './scheduled-jobs';

/** What the EventBridge rules (and the local timer) send: the job to run. */
const scheduledJobEvent = z.object({ job: z.enum(SCHEDULED_JOB_NAMES) });

/** Stop taking new pages this long before the Lambda timeout; the next run continues. */
const SAFETY_MARGIN_MS = 30_000;
const PAGE_SIZE = 50;

export const handler = middy<unknown, unknown, Error, Context>()
  .use(logger.injectLambdaContext())
  .handler(async (event, context) => {
    const { job } = scheduledJobEvent.parse(event);
    const report = await runScheduledJob(jobDependencies(), job, {
      pageSize: PAGE_SIZE,
      hasTimeLeft: () => context.getRemainingTimeInMillis() > SAFETY_MARGIN_MS,
    });
    logger.info('scheduled job finished', { job, ...report });
    return { job, ...report };
  });
