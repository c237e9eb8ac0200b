import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../core/logger';
import { runReviewTask } from '../core/use-cases/review/run-review-task';
import { reviewDependencies } from '../core/wiring';
import { REVIEW_TASKS } from './review-workflow.contract';

/** What a Task state sends (see review-workflow.contract.ts); anything else is a bug in the state machine. */
const reviewTaskEvent = z.object({
  task: z.enum(REVIEW_TASKS),
  requestId: z.string().min(1).max(100),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/**
 * The organization review function: every Task state of the review state machine invokes it with the task to
 * run. Errors are thrown on purpose: the state machine retries them with backoff, then parks the request.
 */
export const handler = middy<unknown, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const input = reviewTaskEvent.parse(event);
    logger.appendKeys({ organizationRequestId: input.requestId, task: input.task });
    return runReviewTask(reviewDependencies(), input);
  });
