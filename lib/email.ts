import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface PorticoEmailProps {
  /** Domain the emails come from; SES sends once the domain's DNS carries the identity's DKIM records. */
  readonly mailDomain: string;
}

/** The SES domain identity Portico sends its one-time codes and notices from. */
export class PorticoEmail extends Construct {
  /** The SES domain identity. */
  public readonly identity: EmailIdentity;
  /** ARN of the identity: the one resource `ses:SendEmail` is granted on. */
  public readonly identityArn: string;
  /** Sender address of every email (`no-reply@<mailDomain>`). */
  public readonly fromAddress: string;

  constructor(scope: Construct, id: string, props: PorticoEmailProps) {
    super(scope, id);

    this.identity = new EmailIdentity(this, 'Identity', { identity: Identity.domain(props.mailDomain) });
    this.identityArn = this.identity.emailIdentityArn;
    this.fromAddress = `no-reply@${props.mailDomain}`;
  }
}
