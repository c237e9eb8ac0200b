import { normalizeEmail } from '../../domain/email-address';
import { logger } from '../../logger';
import { metrics } from '../../metrics';
import type { EmailMessage, KnownRecipient, Mailer, SuppressionList } from '../../ports';

/**
 * The Mailer every function uses: sends nothing to an address on the suppression list and answers as if it
 * had sent, so the caller's answer (and what it reveals about an address) never depends on the list. Every
 * other message goes to `next` (SES). A sender that read the recipient's entry with its own reads (one round
 * trip for all) passes it as `known`, and the list is not read again.
 */
export class SuppressingMailer implements Mailer {
  constructor(
    private readonly next: Mailer,
    private readonly suppressions: Pick<SuppressionList, 'find'>,
  ) {}

  async send(message: EmailMessage, known?: KnownRecipient): Promise<void> {
    const suppression = known ? known.suppression : await this.suppressions.find(normalizeEmail(message.to));
    if (suppression) {
      logger.info('email not sent: the address is on the suppression list', {
        reason: suppression.reason,
        subject: message.subject,
      });
      metrics.count('EmailsSuppressed');
      return;
    }
    await this.next.send(message);
  }
}
