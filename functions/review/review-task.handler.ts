import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { logger } from '../core/logger';
// zod's English messages, for the errors this handler throws and logs.
import '../core/zod-locale';
import { runReviewTask } from '../core/use-cases/review/run-review-task';
import { reviewDependencies } from '../core/wiring';
import { REVIEW_TASKS } from './review-workflow.contract';

/** What a Task state sends (see review-workflow.contract.ts); anything else is a bug in the state machine. */
const reviewTaskEvent = z.object({
  task: z.enum(REVIEW_TASKS),
  requestId: z.string().check(z.minLength(1), z.maxLength(100)),
  failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

/**
 * The organization review function: every Task state of the review state machine invokes it with the task to
 * run. Errors are thrown on purpose: the state machine retries them with backoff, then parks the request.
 */
export const handler = middy<unknown, unknown, Error, Context>()
  .use(logger.injectLambdaContext())
  .handler(async (event) => {
    const input = reviewTaskEvent.parse(event);
    logger.appendKeys({ organizationRequestId: input.requestId, task: input.task });
    return runReviewTask(reviewDependencies(), input);
  });
