import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
} from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { deadLetterQueue } from './dead-letter-queue';
import { Construct } from 'constructs';
import { SES_FEEDBACK_DETAIL_TYPES } from '../functions/email/ses-event';
import { grantTableWrite } from './grants';
import { type DeployedFunctionEnvironment, PorticoFunction } from './portico-function';

/** Delivery attempts EventBridge adds after a failed invocation of the feedback function. */
export const FEEDBACK_RETRY_ATTEMPTS = 8;

export interface PorticoEmailProps {
  /** Domain the emails come from; SES sends once the domain's DNS carries the identity's DKIM records. */
  readonly mailDomain: string;
}

export interface PorticoEmailFeedbackProps {
  /** The configuration set whose bounces and complaints are recorded. */
  readonly configurationSet: ConfigurationSet;
  /** Settings the feedback function reads at cold start (the table, above all). */
  readonly environment: DeployedFunctionEnvironment;
  /** The Portico table, which holds the suppression list. */
  readonly table: ITable;
}

/**
 * Email: the SES domain identity Portico sends its codes and notices from. Its default configuration set
 * publishes reputation metrics (the bounce and complaint rate alarms read them) and sends hard bounces and
 * complaints to EventBridge's default bus, where PorticoEmailFeedback records them.
 */
export class PorticoEmail extends Construct {
  /** The SES domain identity. */
  public readonly identity: EmailIdentity;
  /** ARN of the identity. */
  public readonly identityArn: string;
  /** The identity's default configuration set: reputation metrics and the bounce/complaint destination. */
  public readonly configurationSet: ConfigurationSet;
  /** What `ses:SendEmail` is granted on: the identity and its configuration set. */
  public readonly sendingResourceArns: readonly string[];
  /** Sender address of every email (`no-reply@<mailDomain>`). */
  public readonly fromAddress: string;
  constructor(scope: Construct, id: string, props: PorticoEmailProps) {
    super(scope, id);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
    });
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.eventBus(defaultBus),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.mailDomain),
      configurationSet: this.configurationSet,
    });
    this.identityArn = this.identity.emailIdentityArn;
    const stack = this.identity.stack;
    const configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.sendingResourceArns = [this.identityArn, configurationSetArn];
    this.fromAddress = `no-reply@${props.mailDomain}`;
  }
}

/**
 * What comes back from SES: a rule on the default bus hands this configuration set's hard bounces and
 * complaints to the feedback function (functions/email/email-feedback.handler.ts), which puts each address on
 * the suppression list; the Mailer then sends nothing to it. An event the function still fails on after
 * EventBridge's retries lands in a dead-letter queue, which alarms (lib/monitoring.ts).
 */
export class PorticoEmailFeedback extends Construct {
  /** Records hard-bounced and complaining addresses on the suppression list. */
  public readonly feedbackFunction: PorticoFunction;
  /** The rule on the default bus that matches this configuration set's bounces and complaints. */
  public readonly feedbackRule: Rule;
  /** Bounce and complaint events that could not be recorded; each one is an address still being emailed. */
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: PorticoEmailFeedbackProps) {
    super(scope, id);

    this.deadLetterQueue = deadLetterQueue(
      this,
      'FeedbackDeadLetterQueue',
      'the bounce and complaint rule and of the feedback function',
    );

    this.feedbackFunction = new PorticoFunction(this, 'FeedbackFunction', {
      entry: 'functions/email/email-feedback.handler.ts',
      description: 'SES bounces and complaints: puts the addresses on the suppression list',
      environment: props.environment,
    });
    grantTableWrite(this.feedbackFunction, props.table);
    this.feedbackFunction.function.configureAsyncInvoke({
      onFailure: new SqsDestination(this.deadLetterQueue),
    });

    this.feedbackRule = new Rule(this, 'FeedbackRule', {
      description: 'Portico: SES hard bounces and complaints of the Portico configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...SES_FEEDBACK_DETAIL_TYPES],
        detail: {
          mail: { tags: { 'ses:configuration-set': [props.configurationSet.configurationSetName] } },
        },
      },
    });
    this.feedbackRule.addTarget(
      new LambdaFunction(this.feedbackFunction.function, {
        retryAttempts: FEEDBACK_RETRY_ATTEMPTS,
        maxEventAge: Duration.hours(24),
        deadLetterQueue: this.deadLetterQueue,
      }),
    );
  }
}
