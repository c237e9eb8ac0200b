import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { metrics } from '../../metrics';
import { MailUnavailableError, type EmailMessage, type Mailer } from '../../ports';
import { inRecipientLanguage } from '../../email/templates';

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly fromAddress: string,
  ) {}

  async send(rendered: EmailMessage): Promise<void> {
    // In the recipient's language (a no-op when SuppressingMailer, in front, did it already).
    const message = await inRecipientLanguage(rendered);
    try {
      await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.fromAddress,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: message.text, Charset: 'UTF-8' },
                Html: { Data: message.html, Charset: 'UTF-8' },
              },
            },
          },
        }),
      );
    } catch (error) {
      metrics.count('EmailsFailed');
      throw new MailUnavailableError(
        `SES refused or failed: ${error instanceof Error ? error.name : 'unknown'}`,
        {
          cause: error,
        },
      );
    }
  }
}
