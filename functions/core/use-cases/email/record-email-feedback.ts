import { normalizeEmail } from '../../domain/email-address';
import type { Suppression } from '../../domain/email-suppression';
import { logger } from '../../logger';
import { metrics } from '../../metrics';
import type { SuppressionList } from '../../ports';

/** What an SES bounce or complaint event says, as the handler parsed it (functions/email/ses-event.ts). */
export type EmailFeedback =
  | {
      readonly eventType: 'Bounce';
      readonly bounce: {
        readonly bounceType: string;
        readonly bounceSubType?: string | undefined;
        readonly bouncedRecipients: readonly { readonly emailAddress: string }[];
        readonly timestamp: string;
        readonly feedbackId: string;
      };
    }
  | {
      readonly eventType: 'Complaint';
      readonly complaint: {
        readonly complainedRecipients: readonly { readonly emailAddress: string }[];
        readonly complaintFeedbackType?: string | undefined;
        readonly timestamp: string;
        readonly feedbackId: string;
      };
    };

/** `Ada <ada@acme.example>` or `ada@acme.example` → `ada@acme.example`. */
function addressOf(recipient: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(recipient);
  return normalizeEmail(angled?.[1] ?? recipient);
}

/** The addresses an event puts on the suppression list: hard bounces and complaints; soft bounces none. */
export function suppressionsOf(feedback: EmailFeedback): Suppression[] {
  if (feedback.eventType === 'Bounce') {
    const { bounce } = feedback;
    // Transient (mailbox full, too large …) and Undetermined bounces may deliver next time: not suppressed.
    if (bounce.bounceType !== 'Permanent') return [];
    return bounce.bouncedRecipients.map((recipient) => ({
      email: addressOf(recipient.emailAddress),
      reason: 'BOUNCE' as const,
      detail: bounce.bounceSubType,
      at: bounce.timestamp,
      feedbackId: bounce.feedbackId,
    }));
  }
  const { complaint } = feedback;
  return complaint.complainedRecipients.map((recipient) => ({
    email: addressOf(recipient.emailAddress),
    reason: 'COMPLAINT' as const,
    detail: complaint.complaintFeedbackType,
    at: complaint.timestamp,
    feedbackId: complaint.feedbackId,
  }));
}

/**
 * Records a bounce or complaint. Main path: each hard-bounced or complaining address is added to the
 * suppression list (the first report of an address is kept; the same event delivered twice adds nothing).
 * Soft bounces are logged and left: SES retried them already and the next email may well arrive.
 * Failure paths: DynamoDB unavailable → the error goes out, and EventBridge retries the event, then hands it to
 * the dead-letter queue (lib/email.ts), which alarms.
 */
export async function recordEmailFeedback(
  deps: { readonly suppressions: Pick<SuppressionList, 'add'> },
  feedback: EmailFeedback,
): Promise<{ readonly added: number; readonly known: number }> {
  const suppressions = suppressionsOf(feedback);
  if (suppressions.length === 0) {
    logger.info('soft bounce: nothing suppressed', {
      bounceType: feedback.eventType === 'Bounce' ? feedback.bounce.bounceType : undefined,
    });
  }
  let added = 0;
  for (const suppression of suppressions) {
    if (await deps.suppressions.add(suppression)) {
      added += 1;
      metrics.count('AddressesSuppressed');
      logger.info('address suppressed', { reason: suppression.reason, detail: suppression.detail });
    }
  }
  return { added, known: suppressions.length - added };
}
