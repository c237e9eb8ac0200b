import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { deadLetterQueue } from './dead-letter-queue';
import { Construct } from 'constructs';
import {
  RECONCILE_IDENTITIES_EVENT,
  RECONCILE_IDENTITIES_SCHEDULE,
} from '../functions/jobs/identity-reconciliation';
import { SCHEDULED_JOB_NAMES, SCHEDULED_JOBS, type ScheduledJobName } from '../functions/jobs/scheduled-jobs';
import {
  grantFinishErasures,
  grantIdentityReconciliation,
  grantSendEmail,
  grantStartReview,
  grantTableWrite,
} from './grants';
import { type DeployedFunctionEnvironment, PorticoFunction } from './portico-function';

/** Delivery attempts EventBridge adds after a failed invocation of the jobs function. */
export const SCHEDULE_RETRY_ATTEMPTS = 2;

export interface PorticoSchedulesProps {
  /** Settings the jobs function reads at cold start; must name the review state machine. */
  readonly environment: DeployedFunctionEnvironment & { readonly REVIEW_STATE_MACHINE_ARN: string };
  /** The Portico table: jobs query the byDue index and write what they did. */
  readonly table: ITable;
  /** The SES identity and its configuration set: the only resources of `ses:SendEmail`. */
  readonly mailResourceArns: readonly string[];
  /** The review state machine: finalize-reviews restarts reviews that never started. */
  readonly reviewStateMachine: IStateMachine;
  /** The user pool reconcile-identities pages through (its own function: the only one that deletes users). */
  readonly userPool: IUserPool;
  /** The HMAC key: send-support-digests signs each digest's unsubscribe link with it. */
  readonly codeSecret: ISecret;
}

/**
 * The user pool calls an administrator makes in the AWS console (or CLI) that can leave accounts drifting from
 * their sign-ins; CloudTrail records each, and EventBridge sees it as "AWS API Call via CloudTrail".
 */
export const IDENTITY_CHANGING_CALLS = [
  'AdminDeleteUser',
  'AdminDisableUser',
  'AdminEnableUser',
  'AdminAddUserToGroup',
  'AdminRemoveUserFromGroup',
] as const;
// Not AdminCreateUser: every sign-up makes that call through the API.

/**
 * The scheduled jobs of SCHEDULED_JOBS (functions/jobs/scheduled-jobs.ts): one function, and one EventBridge
 * rule per job that invokes it with `{ "job": <name> }` at the job's pace. Jobs are idempotent and rerun at the
 * next tick, so a lost tick only delays work; what still fails lands in a dead-letter queue for a person.
 */
export class PorticoSchedules extends Construct {
  /** The function every job runs in (functions/jobs/scheduled-job.handler.ts). */
  public readonly jobsFunction: PorticoFunction;
  /** One rule per job, by job name. */
  public readonly rules: ReadonlyMap<ScheduledJobName, Rule>;
  /**
   * reconcile-identities runs in a function of its own (functions/jobs/reconcile-identities.handler.ts): it alone
   * may list and delete users of the pool, and the jobs function's bundle stays within its budget.
   */
  public readonly reconciliationFunction: PorticoFunction;
  /** reconcile-identities at its pace (RECONCILE_IDENTITIES_SCHEDULE). */
  public readonly reconciliationRule: Rule;
  /**
   * Runs reconcile-identities as soon as CloudTrail records an administrator's call that changes a user of the
   * pool (IDENTITY_CHANGING_CALLS), instead of at the next hourly tick. Needs a CloudTrail trail recording
   * management events in the pool's region (most accounts have one; without it the rule never fires and the
   * hourly schedule still repairs everything). The event's username is not relied on: it starts a pass.
   */
  public readonly identityChangeRule: Rule;
  /**
   * Ticks EventBridge could not deliver after its retries, and invocations whose job still failed after
   * Lambda's own asynchronous retries.
   */
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: PorticoSchedulesProps) {
    super(scope, id);

    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetterQueue',
      'the schedule rules and of the jobs function',
    );

    this.jobsFunction = new PorticoFunction(this, 'JobsFunction', {
      entry: 'functions/jobs/scheduled-job.handler.ts',
      // From the job table, so a new job never leaves the description behind (at most 256 characters).
      description: `Scheduled jobs: ${SCHEDULED_JOB_NAMES.join(', ')}`.slice(0, 256),
      environment: props.environment,
      // A job works through a batch of due items; it stops early and resumes at the next tick if it must.
      timeout: Duration.minutes(5),
    });
    grantTableWrite(this.jobsFunction, props.table);
    grantSendEmail(this.jobsFunction, props.mailResourceArns);
    grantStartReview(this.jobsFunction, props.reviewStateMachine);
    grantFinishErasures(this.jobsFunction, props.userPool);
    props.codeSecret.grantRead(this.jobsFunction.function);
    // EventBridge invokes asynchronously: Lambda retries a failed job itself, then hands the event on here.
    this.jobsFunction.function.configureAsyncInvoke({ onFailure: new SqsDestination(this.deadLetterQueue) });

    const rules = new Map<ScheduledJobName, Rule>();
    for (const [name, job] of Object.entries(SCHEDULED_JOBS) as [
      ScheduledJobName,
      (typeof SCHEDULED_JOBS)[ScheduledJobName],
    ][]) {
      const rule = new Rule(this, `${pascalCase(name)}Schedule`, {
        description: `Portico job ${name}: ${job.description}`,
        schedule: Schedule.rate(Duration.minutes(job.everyMinutes)),
      });
      rule.addTarget(
        new LambdaFunction(this.jobsFunction.function, {
          event: RuleTargetInput.fromObject({ job: name }),
          retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
          deadLetterQueue: this.deadLetterQueue,
        }),
      );
      rules.set(name, rule);
    }
    this.rules = rules;

    this.reconciliationFunction = new PorticoFunction(this, 'IdentityReconciliationFunction', {
      entry: 'functions/jobs/reconcile-identities.handler.ts',
      description: `Scheduled job reconcile-identities: ${RECONCILE_IDENTITIES_SCHEDULE.description}`.slice(
        0,
        256,
      ),
      environment: props.environment,
      // 100k users are 1,667 pages of 60: a run stops 30 s before this and the next run continues the pass.
      timeout: Duration.minutes(5),
    });
    grantTableWrite(this.reconciliationFunction, props.table);
    grantIdentityReconciliation(this.reconciliationFunction, props.userPool);
    this.reconciliationFunction.function.configureAsyncInvoke({
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    const reconciliationTarget = () =>
      new LambdaFunction(this.reconciliationFunction.function, {
        event: RuleTargetInput.fromObject(RECONCILE_IDENTITIES_EVENT),
        retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        deadLetterQueue: this.deadLetterQueue,
      });
    this.reconciliationRule = new Rule(this, 'ReconcileIdentitiesSchedule', {
      description: `Portico job reconcile-identities: ${RECONCILE_IDENTITIES_SCHEDULE.description}`,
      schedule: Schedule.rate(Duration.minutes(RECONCILE_IDENTITIES_SCHEDULE.everyMinutes)),
    });
    this.reconciliationRule.addTarget(reconciliationTarget());

    this.identityChangeRule = new Rule(this, 'IdentityChangeRule', {
      description:
        'Portico job reconcile-identities, at once when an administrator changes a user of the pool',
      eventPattern: {
        source: ['aws.cognito-idp'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['cognito-idp.amazonaws.com'],
          eventName: [...IDENTITY_CHANGING_CALLS],
          requestParameters: { userPoolId: [props.userPool.userPoolId] },
          // Not the job's own AdminDeleteUser calls (a pass removing users would start pass after pass): a
          // person (root or IAM user), or any role but the jobs function's.
          $or: [
            { userIdentity: { type: ['Root', 'IAMUser'] } },
            {
              userIdentity: {
                sessionContext: {
                  sessionIssuer: { arn: [{ 'anything-but': [this.reconciliationFunction.role.roleArn] }] },
                },
              },
            },
          ],
        },
      },
    });
    this.identityChangeRule.addTarget(reconciliationTarget());
  }
}

function pascalCase(kebab: string): string {
  return kebab
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
