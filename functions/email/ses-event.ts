import * as z from 'zod/mini';

/**
 * The SES events the suppression function takes, as EventBridge delivers them from the configuration set's
 * event destination (SES event publishing): `source` aws.ses, `detail-type` "Email Bounced" or "Email Complaint
 * Received", and `detail` the event record (`eventType`, `bounce` or `complaint`, `mail`). Only the fields read
 * are declared; SES adds fields over time, so the objects are loose (never strict) here.
 */

const recipient = z.object({ emailAddress: z.string().check(z.minLength(3)) });

export const sesBounceDetail = z.object({
  eventType: z.literal('Bounce'),
  bounce: z.object({
    bounceType: z.string(),
    bounceSubType: z.optional(z.string()),
    bouncedRecipients: z.array(recipient),
    timestamp: z.string(),
    feedbackId: z.string(),
  }),
});

export const sesComplaintDetail = z.object({
  eventType: z.literal('Complaint'),
  complaint: z.object({
    complainedRecipients: z.array(recipient),
    complaintFeedbackType: z.optional(z.string()),
    timestamp: z.string(),
    feedbackId: z.string(),
  }),
});

export const SES_FEEDBACK_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received'] as const;

export const sesFeedbackEvent = z.object({
  source: z.literal('aws.ses'),
  'detail-type': z.enum(SES_FEEDBACK_DETAIL_TYPES),
  detail: z.discriminatedUnion('eventType', [sesBounceDetail, sesComplaintDetail]),
});

export type SesFeedbackEvent = z.infer<typeof sesFeedbackEvent>;
