import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  JsonPath,
  LogLevel,
  type RetryProps,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  type DecisionCheck,
  REVIEW_TASK_STATES,
  type ReviewTaskState,
  type ValidationResult,
  WAIT_FOR_DECISION_STATE,
} from '../functions/review/review-workflow.contract';
import { grantSendEmail, grantTableWrite } from './grants';
import { type DeployedFunctionEnvironment, PorticoFunction } from './portico-function';

/**
 * Longest a review execution may run: 21 days. A review lasts REVIEW_BUSINESS_DAYS (default 2) plus
 * REVIEW_ESCALATION_BUSINESS_DAYS (default 1) business days, about a week with a weekend, so three weeks leave
 * ample room and end a loop that never reaches a decision. Why not longer:
 * - Step Functions keeps at most 25,000 history events per execution. Each check → choice → wait round is
 *   9 events, ~860 a day at the default 15-minute check interval (REVIEW_CHECK_INTERVAL_SECONDS): ~18,000 in
 *   21 days, while 30 days (~26,000) would hit the quota before the timeout.
 * - The local executor (aws-local-stepfunctions) arms a Node.js timer of TimeoutSeconds × 1000 ms, which
 *   cannot exceed 2^31 - 1 ms (24.8 days); a longer value fires after 1 ms and every local review times out.
 * A review that does run out is not lost: the expire-reviews and finalize-reviews jobs expire it or apply its
 * decision from the table. The review period is therefore capped at 10 business days plus at most 3 of
 * escalation (at most 19 calendar days with weekends; see REVIEW_BUSINESS_DAYS in functions/core/config.ts).
 */
export const REVIEW_EXECUTION_TIMEOUT = Duration.days(21);

/**
 * Every task retries whatever failed, after 2, 4, 8 and 16 s. This relies on the contract that every review
 * task is idempotent (conditional writes), so running it again after a half-done attempt is safe.
 */
export const REVIEW_TASK_RETRY = {
  errors: [Errors.ALL],
  interval: Duration.seconds(2),
  maxAttempts: 4,
  backoffRate: 2,
} as const satisfies RetryProps;

export interface PorticoReviewWorkflowProps {
  /**
   * Settings the review function reads at cold start. Never the state machine's own ARN: the state machine
   * invokes the function, so the function naming the state machine would be a dependency cycle (and the
   * function does not start executions).
   */
  readonly environment: Omit<DeployedFunctionEnvironment, 'REVIEW_STATE_MACHINE_ARN'> & {
    readonly REVIEW_STATE_MACHINE_ARN?: never;
  };
  /** The Portico table: the review function reads and writes requests, organizations and decisions. */
  readonly table: ITable;
  /** The SES identity and its configuration set: the only resources of `ses:SendEmail`. */
  readonly mailResourceArns: readonly string[];
}

/**
 * The organization review: a STANDARD Step Functions state machine whose every task is one call of the review
 * function (functions/review/review-task.handler.ts) with `{ task, requestId }`, state and task names from
 * review-workflow.contract.ts.
 *
 * ValidateRequest → (REVIEW) CreatePendingOrganization → AcknowledgeRequest → CheckDecision → RouteDecision:
 * APPROVED/REJECTED/EXPIRED apply the outcome and succeed; ESCALATE emails the reviewers, then waits; PENDING
 * waits (WaitForDecision, `$.check.waitSeconds`) and checks again. Operators decide through the API, which only
 * records the decision; the next check picks it up. This Wait → check loop instead of a task token is what runs
 * the same on AWS and in the local executor. A task that still fails after its retries parks the request for a
 * person (ParkForAttention) and the execution fails as NeedsAttention.
 */
export class PorticoReviewWorkflow extends Construct {
  /** The review state machine; execution input is `{ "requestId": "<id>" }`. */
  public readonly stateMachine: StateMachine;
  /** The function that performs every task of the state machine. */
  public readonly reviewFunction: PorticoFunction;
  /** Execution history of the state machine (every state, with its input and output). */
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PorticoReviewWorkflowProps) {
    super(scope, id);

    this.reviewFunction = new PorticoFunction(this, 'ReviewFunction', {
      entry: 'functions/review/review-task.handler.ts',
      description: 'Organization review: performs the tasks of the review state machine',
      environment: props.environment,
      // A task may send a few emails and write a transaction; well above that, well below a stuck minute.
      timeout: Duration.seconds(60),
    });
    grantTableWrite(this.reviewFunction, props.table);
    grantSendEmail(this.reviewFunction, props.mailResourceArns);

    const invoke = (
      stateName: ReviewTaskState,
      resultPath: string,
      extraPayload: Record<string, unknown> = {},
    ): LambdaInvoke => {
      const task = new LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: this.reviewFunction.function,
        // The state's Resource is then the function ARN and its Parameters the payload, which is what the local
        // executor maps its handlers by; the result is the function's return value, not the Invoke envelope.
        payloadResponseOnly: true,
        payload: TaskInput.fromObject({
          task: REVIEW_TASK_STATES[stateName],
          requestId: JsonPath.stringAt('$.requestId'),
          ...extraPayload,
        }),
        resultPath,
      });
      task.addRetry(REVIEW_TASK_RETRY);
      return task;
    };

    // Parked requests are for a person: the task records the failure and emails the reviewers. It retries
    // like every task but catches nothing, so a failure here ends the execution as NeedsAttention too.
    const needsAttention = new Fail(this, 'NeedsAttention', {
      stateName: 'NeedsAttention',
      error: 'ReviewNeedsAttention',
      cause:
        'A review task kept failing after its retries; the request was parked (see $.failure) for an operator.',
    });
    const park = invoke('ParkForAttention', JsonPath.DISCARD, {
      failure: JsonPath.objectAt('$.failure'),
    }).next(needsAttention);

    const guardedTask = (stateName: Exclude<ReviewTaskState, 'ParkForAttention'>, resultPath: string) =>
      invoke(stateName, resultPath).addCatch(park, { errors: [Errors.ALL], resultPath: '$.failure' });
    const succeed = (stateName: string) => new Succeed(this, stateName, { stateName });

    const validate = guardedTask('ValidateRequest', '$.validation');
    const createPendingOrganization = guardedTask('CreatePendingOrganization', JsonPath.DISCARD);
    const acknowledge = guardedTask('AcknowledgeRequest', JsonPath.DISCARD);
    const checkDecision = guardedTask('CheckDecision', '$.check');
    const escalate = guardedTask('EscalateReview', JsonPath.DISCARD);
    const applyApproval = guardedTask('ApplyApproval', JsonPath.DISCARD);
    const applyRejection = guardedTask('ApplyRejection', JsonPath.DISCARD);
    const expire = guardedTask('ExpireRequest', JsonPath.DISCARD);

    const validationIs = (outcome: ValidationResult['outcome']) =>
      Condition.stringEquals('$.validation.outcome', outcome);
    const decisionIs = (outcome: DecisionCheck['outcome']) =>
      Condition.stringEquals('$.check.outcome', outcome);

    const waitForDecision = new Wait(this, WAIT_FOR_DECISION_STATE, {
      stateName: WAIT_FOR_DECISION_STATE,
      time: WaitTime.secondsPath('$.check.waitSeconds'),
    }).next(checkDecision);

    const routeDecision = new Choice(this, 'RouteDecision', { stateName: 'RouteDecision' })
      .when(decisionIs('APPROVED'), applyApproval.next(succeed('Approved')))
      .when(decisionIs('REJECTED'), applyRejection.next(succeed('Rejected')))
      .when(decisionIs('EXPIRED'), expire.next(succeed('Expired')))
      .when(decisionIs('ESCALATE'), escalate.next(waitForDecision))
      // PENDING: nobody decided yet.
      .otherwise(waitForDecision);

    const definition = validate.next(
      new Choice(this, 'RouteValidation', { stateName: 'RouteValidation' })
        .when(
          validationIs('REVIEW'),
          createPendingOrganization.next(acknowledge).next(checkDecision).next(routeDecision),
        )
        .when(validationIs('MERGED'), succeed('MergedIntoOpenReview'))
        // CLOSED: the domain meanwhile belongs to an organization, or the request is already closed.
        .otherwise(succeed('NothingToReview')),
    );

    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      comment:
        'Portico organization review: validate, wait for an operator decision (escalate, expire), apply it',
      definitionBody: DefinitionBody.fromChainable(definition),
      timeout: REVIEW_EXECUTION_TIMEOUT,
      tracingEnabled: true,
      // Execution data is request ids, outcomes and task failures; no passwords or codes pass through here.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });

    this.acknowledgeStateMachineRole();
  }

  private acknowledgeStateMachineRole(): void {
    const fnArn = Stack.of(this).resolve(this.reviewFunction.function.functionArn) as {
      'Fn::GetAtt'?: [string, string];
    };
    const functionLogicalId = fnArn['Fn::GetAtt']?.[0];
    if (!functionLogicalId) throw new Error('expected the review function to be defined in this stack');
    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason:
        'LambdaInvoke grants lambda:InvokeFunction on the review function and on its versions and aliases ' +
        '(`<arn>:*`); the wildcard reaches no other function.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the statement Step Functions needs for its own logging and tracing uses "*": the CloudWatch Logs ' +
        'log-delivery actions (CreateLogDelivery, PutResourcePolicy …) and xray:PutTraceSegments, ' +
        'PutTelemetryRecords and GetSampling* support no resource-level permissions.',
    });
  }
}
