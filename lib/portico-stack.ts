import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import * as z from 'zod/mini';
import { routeList } from '../functions/routes';
import { PorticoApi } from './api';
import { PorticoData } from './data';
import { PorticoEmail, PorticoEmailFeedback } from './email';
import { PorticoExportWorkflow } from './export-workflow';
import { PorticoIdentity, PorticoOrganizationClaim } from './identity';
import { PorticoMonitoring } from './monitoring';
import type { DeployedFunctionEnvironment } from './portico-function';
import { PorticoReviewWorkflow } from './review-workflow';
import { PorticoSchedules } from './schedules';
import { PorticoWebClient } from './web-client';

/** The settings that differ between deployments; `settingsFromContext` reads them from cdk.json / `-c`. */
export interface PorticoSettings {
  /** Domain of the SES identity; emails come from `no-reply@<mailDomain>`. */
  readonly mailDomain: string;
  /** Where links in emails point (the web client). */
  readonly portalUrl: string;
  /** Browser origin the API allows (CORS). */
  readonly webOrigin: string;
  /** Where reviewers are told about organization requests and escalations (REVIEWER_EMAIL). */
  readonly reviewerEmail: string;
  /** Business days operators have to decide on a request before it is escalated (REVIEW_BUSINESS_DAYS). */
  readonly reviewBusinessDays: number;
  /** Who the alarms' SNS topic emails (lib/monitoring.ts). */
  readonly alarmEmail: string;
  /**
   * ARN of a CLOUDFRONT-scope WAFv2 web ACL for the distribution; such an ACL must live in us-east-1, so it comes
   * from the PorticoEdgeWaf stack (or any other) by ARN. Unset: the distribution has none, and only the API's
   * regional ACL filters what reaches /v1.
   */
  readonly cloudFrontWebAclArn?: string | undefined;
}

export interface PorticoStackProps extends StackProps, PorticoSettings {
  /** Steady-state requests per second the API stage accepts. @default 50 */
  readonly throttlingRateLimit?: number;
  /** Requests the API stage accepts in a burst. @default 100 */
  readonly throttlingBurstLimit?: number;
}

/** Mailbox of the reviewers at the mail domain when `portico:reviewerEmail` is not set. */
export const DEFAULT_REVIEWER_MAILBOX = 'reviewers';
/** Mailbox the alarms go to at the mail domain when `portico:alarmEmail` is not set. */
export const DEFAULT_ALARM_MAILBOX = 'operations';

/**
 * Context keys (cdk.json `context`, or `cdk synth -c key=value`) and the value used when a key is absent.
 * `reviewerEmail` has no fixed fallback: it defaults to `reviewers@<mailDomain>`, so changing the mail domain
 * does not need a second setting (and cdk.json does not declare it, or it would pin the old domain).
 */
export const SETTINGS_CONTEXT = {
  mailDomain: { key: 'portico:mailDomain', fallback: 'portico.example' },
  portalUrl: { key: 'portico:portalUrl', fallback: 'http://localhost:5173' },
  webOrigin: { key: 'portico:webOrigin', fallback: 'http://localhost:5173' },
  reviewerEmail: { key: 'portico:reviewerEmail', fallback: undefined },
  reviewBusinessDays: { key: 'portico:reviewBusinessDays', fallback: 2 },
  alarmEmail: { key: 'portico:alarmEmail', fallback: undefined },
  cloudFrontWebAclArn: { key: 'portico:cloudFrontWebAclArn', fallback: undefined },
} as const satisfies Record<keyof PorticoSettings, { key: string; fallback: string | number | undefined }>;

/** Bounds of `portico:reviewBusinessDays`, the same the functions' config accepts for REVIEW_BUSINESS_DAYS. */
export const REVIEW_BUSINESS_DAYS_RANGE = { min: 1, max: 10 } as const;

const DOMAIN_NAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/** Reads and checks the deployment settings once, failing synthesis with a message that names the key. */
export function settingsFromContext(scope: Construct): PorticoSettings {
  const raw = (name: keyof PorticoSettings): unknown => {
    const { key, fallback } = SETTINGS_CONTEXT[name];
    return scope.node.tryGetContext(key) ?? fallback;
  };
  const read = (name: keyof PorticoSettings, fallback?: string): string => {
    const value = raw(name) ?? fallback;
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`Context "${SETTINGS_CONTEXT[name].key}" must be a non-empty string`);
    }
    return value.trim();
  };

  const mailDomain = read('mailDomain').toLowerCase();
  if (!DOMAIN_NAME.test(mailDomain)) {
    throw new Error(
      `Context "${SETTINGS_CONTEXT.mailDomain.key}" must be a domain name, got "${mailDomain}"`,
    );
  }
  const portalUrl = read('portalUrl');
  if (!URL.canParse(portalUrl) || !/^https?:$/.test(new URL(portalUrl).protocol)) {
    throw new Error(`Context "${SETTINGS_CONTEXT.portalUrl.key}" must be an http(s) URL, got "${portalUrl}"`);
  }
  const webOrigin = read('webOrigin');
  if (!URL.canParse(webOrigin) || new URL(webOrigin).origin !== webOrigin) {
    throw new Error(
      `Context "${SETTINGS_CONTEXT.webOrigin.key}" must be an origin such as "https://portal.example.com" ` +
        `(scheme, host and port; no path or trailing slash), got "${webOrigin}"`,
    );
  }
  const reviewerEmail = read('reviewerEmail', `${DEFAULT_REVIEWER_MAILBOX}@${mailDomain}`);
  // The same check the functions apply to REVIEWER_EMAIL at cold start (functions/core/config.ts).
  if (!z.email().safeParse(reviewerEmail).success) {
    throw new Error(
      `Context "${SETTINGS_CONTEXT.reviewerEmail.key}" must be an email address, got "${reviewerEmail}"`,
    );
  }
  const alarmEmail = read('alarmEmail', `${DEFAULT_ALARM_MAILBOX}@${mailDomain}`);
  if (!z.email().safeParse(alarmEmail).success) {
    throw new Error(
      `Context "${SETTINGS_CONTEXT.alarmEmail.key}" must be an email address, got "${alarmEmail}"`,
    );
  }
  const webAclArn = raw('cloudFrontWebAclArn');
  if (
    webAclArn !== undefined &&
    (typeof webAclArn !== 'string' ||
      !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+/.test(webAclArn))
  ) {
    throw new Error(
      `Context "${SETTINGS_CONTEXT.cloudFrontWebAclArn.key}" must be the ARN of a CLOUDFRONT-scope web ACL ` +
        `(arn:aws:wafv2:us-east-1:<account>:global/webacl/...), got ${JSON.stringify(webAclArn)}`,
    );
  }
  return {
    mailDomain,
    portalUrl,
    webOrigin,
    reviewerEmail,
    reviewBusinessDays: readReviewBusinessDays(raw('reviewBusinessDays')),
    alarmEmail,
    cloudFrontWebAclArn: webAclArn,
  };
}

/** A whole number of days in range; `-c key=3` arrives as the string "3", cdk.json gives a number. */
function readReviewBusinessDays(value: unknown): number {
  const days = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  const { min, max } = REVIEW_BUSINESS_DAYS_RANGE;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < min || days > max) {
    throw new Error(
      `Context "${SETTINGS_CONTEXT.reviewBusinessDays.key}" must be a whole number of days from ${min} to ` +
        `${max}, got ${JSON.stringify(value)}`,
    );
  }
  return days;
}

/** Portico: the data, identity, email, review workflow, schedules, API and web client constructs, wired. */
export class PorticoStack extends Stack {
  /** Table and one-time-code key. */
  public readonly data: PorticoData;
  /** User pool, web client and operators group. */
  public readonly identity: PorticoIdentity;
  /** The pre-token-generation trigger naming a member's organization in their ID token. */
  public readonly organizationClaim: PorticoOrganizationClaim;
  /** SES identity emails come from, and its configuration set. */
  public readonly email: PorticoEmail;
  /** Bounces and complaints: the suppression list's writer. */
  public readonly emailFeedback: PorticoEmailFeedback;
  /** The organization review state machine and the function performing its tasks. */
  public readonly reviewWorkflow: PorticoReviewWorkflow;
  /** Background exports: their bucket, function and state machine. */
  public readonly exportWorkflow: PorticoExportWorkflow;
  /** The scheduled jobs: their function, rules and dead-letter queue. */
  public readonly schedules: PorticoSchedules;
  /** REST API with one function per route. */
  public readonly api: PorticoApi;
  /** The web client on S3 behind CloudFront, which also serves the API under /v1. */
  public readonly webClient: PorticoWebClient;
  /** The dashboard, the alarms and their SNS topic. */
  public readonly monitoring: PorticoMonitoring;

  constructor(scope: Construct, id: string, props: PorticoStackProps) {
    super(scope, id, props);

    this.data = new PorticoData(this, 'Data');
    this.identity = new PorticoIdentity(this, 'Identity');
    this.organizationClaim = new PorticoOrganizationClaim(this, 'OrganizationClaim', {
      userPool: this.identity.userPool,
      table: this.data.table,
    });
    this.email = new PorticoEmail(this, 'Email', { mailDomain: props.mailDomain });

    // What every function is given; the review function gets exactly this, since the state machine that
    // invokes it cannot also be named in its environment (a dependency cycle).
    const environment = {
      TABLE_NAME: this.data.table.tableName,
      USER_POOL_ID: this.identity.userPool.userPoolId,
      USER_POOL_CLIENT_ID: this.identity.webClient.userPoolClientId,
      MAIL_FROM_ADDRESS: this.email.fromAddress,
      PORTAL_URL: props.portalUrl,
      CODE_SECRET_ARN: this.data.codeSecret.secretArn,
      REVIEWER_EMAIL: props.reviewerEmail,
      REVIEW_BUSINESS_DAYS: String(props.reviewBusinessDays),
    } as const satisfies DeployedFunctionEnvironment;

    this.emailFeedback = new PorticoEmailFeedback(this, 'EmailFeedback', {
      configurationSet: this.email.configurationSet,
      environment,
      table: this.data.table,
    });

    this.reviewWorkflow = new PorticoReviewWorkflow(this, 'ReviewWorkflow', {
      environment,
      table: this.data.table,
      mailResourceArns: this.email.sendingResourceArns,
    });
    const reviewStateMachine = this.reviewWorkflow.stateMachine;
    const startingEnvironment = {
      ...environment,
      REVIEW_STATE_MACHINE_ARN: reviewStateMachine.stateMachineArn,
    } as const satisfies DeployedFunctionEnvironment;

    this.schedules = new PorticoSchedules(this, 'Schedules', {
      environment: startingEnvironment,
      table: this.data.table,
      mailResourceArns: this.email.sendingResourceArns,
      reviewStateMachine,
      userPool: this.identity.userPool,
      codeSecret: this.data.codeSecret,
    });

    this.exportWorkflow = new PorticoExportWorkflow(this, 'ExportWorkflow', {
      environment,
      table: this.data.table,
    });

    this.api = new PorticoApi(this, 'Api', {
      routes: routeList,
      // The routes that start exports or sign their links find the state machine and the bucket here.
      environment: {
        ...startingEnvironment,
        EXPORT_STATE_MACHINE_ARN: this.exportWorkflow.stateMachine.stateMachineArn,
        EXPORT_BUCKET_NAME: this.exportWorkflow.bucket.bucketName,
      },
      table: this.data.table,
      userPool: this.identity.userPool,
      codeSecret: this.data.codeSecret,
      mailResourceArns: this.email.sendingResourceArns,
      reviewStateMachine,
      exportStateMachine: this.exportWorkflow.stateMachine,
      exportBucket: this.exportWorkflow.bucket,
      webOrigin: props.webOrigin,
      throttlingRateLimit: props.throttlingRateLimit,
      throttlingBurstLimit: props.throttlingBurstLimit,
    });

    this.webClient = new PorticoWebClient(this, 'WebClient', {
      restApi: this.api.restApi,
      userPoolClient: this.identity.webClient,
      webAclArn: props.cloudFrontWebAclArn,
    });

    this.monitoring = new PorticoMonitoring(this, 'Monitoring', {
      alarmEmail: props.alarmEmail,
      restApi: this.api.restApi,
      routes: routeList,
      functions: new Map([
        ...[...this.api.functions.entries()].map(([routeId, fn]) => [`route ${routeId}`, fn] as const),
        ['review workflow', this.reviewWorkflow.reviewFunction],
        ['scheduled jobs', this.schedules.jobsFunction],
        ['email feedback', this.emailFeedback.feedbackFunction],
        ['pre-token generation', this.organizationClaim.triggerFunction],
      ]),
      table: this.data.table,
      deadLetterQueues: new Map([
        ['ScheduledJobs', this.schedules.deadLetterQueue],
        ['EmailFeedback', this.emailFeedback.deadLetterQueue],
      ]),
      webAcl: this.api.webAcl,
    });

    new CfnOutput(this, 'DashboardUrl', {
      description: 'The Portico dashboard in the CloudWatch console',
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.monitoring.dashboard.dashboardName}`,
    });
    new CfnOutput(this, 'WebClientUrl', {
      description: 'The web client, with the API under /v1 on the same origin (CloudFront)',
      value: this.webClient.url,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the API; route paths (/v1/...) follow it',
      value: this.api.restApi.url,
    });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.webClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'ReviewStateMachineArn', {
      description: 'The organization review state machine (execution input: {"requestId": "..."})',
      value: reviewStateMachine.stateMachineArn,
    });
  }
}
