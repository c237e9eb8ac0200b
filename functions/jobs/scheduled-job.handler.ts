import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../core/logger';
import { runScheduledJob } from '../core/use-cases/jobs/run-scheduled-job';
import { jobDependencies } from '../core/wiring';
import { SCHEDULED_JOB_NAMES } from './scheduled-jobs';

/** What the EventBridge rules (and the local timer) send: the job to run. */
const scheduledJobEvent = z.object({ job: z.enum(SCHEDULED_JOB_NAMES) });

/** Stop taking new pages this long before the Lambda timeout; the next run continues. */
const SAFETY_MARGIN_MS = 30_000;
const PAGE_SIZE = 50;

export const handler = middy<unknown, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => {
    const { job } = scheduledJobEvent.parse(event);
    const report = await runScheduledJob(jobDependencies(), job, {
      pageSize: PAGE_SIZE,
      hasTimeLeft: () => context.getRemainingTimeInMillis() > SAFETY_MARGIN_MS,
    });
    logger.info('scheduled job finished', { job, ...report });
    return { job, ...report };
  });
