import { normalizeEmail } from '../../domain/email-address';
import { logger } from '../../logger';
import { metrics } from '../../metrics';
import type { EmailMessage, KnownRecipient, Mailer, SuppressionList } from '../../ports';
import type { Suppression } from '../../domain/email-suppression';
import { inRecipientLanguage } from '../../email/templates';

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
    await this.sendChecked(message, suppression);
  }

  prepare(to: string): (message: EmailMessage) => Promise<void> {
    const found = this.suppressions.find(normalizeEmail(to));
    // Read now, awaited by the send: a send that never comes must not leave an unhandled rejection.
    found.catch(() => undefined);
    return async (message) => {
      if (normalizeEmail(message.to) !== normalizeEmail(to)) return this.send(message);
      await this.sendChecked(message, await found);
    };
  }

  private async sendChecked(message: EmailMessage, suppression: Suppression | undefined): Promise<void> {
    if (suppression) {
      logger.info('email not sent: the address is on the suppression list', {
        reason: suppression.reason,
        subject: message.subject,
      });
      metrics.count('EmailsSuppressed');
      return;
    }
    // In the recipient's language: a message rendered before that locale was loaded is rendered again.
    await this.next.send(await inRecipientLanguage(message));
  }
}
