import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../core/logger';
// zod's English messages, for the errors this handler throws and logs.
import '../core/zod-locale';
import { recordEmailFeedback } from '../core/use-cases/email/record-email-feedback';
import { suppressionList } from '../core/wiring';
import { sesFeedbackEvent } from './ses-event';

/**
 * SES bounces and complaints, delivered by the EventBridge rule of lib/email.ts: puts hard-bounced and
 * complaining addresses on the suppression list. An event that does not parse is an error: EventBridge retries
 * it and then keeps it in the dead-letter queue for a person, rather than it being dropped unseen.
 */
export const handler = middy<unknown, unknown, Error, Context>()
  .use(logger.injectLambdaContext())
  .handler(async (event) => {
    const { detail } = sesFeedbackEvent.parse(event);
    return recordEmailFeedback({ suppressions: suppressionList() }, detail);
  });
