import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import {
  DefinitionBody,
  Errors,
  Fail,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { EXPORT_KEPT_DAYS } from '../functions/core/domain/export-job';
import {
  EXPORT_FUNCTION_NODE_OPTIONS,
  EXPORT_TASK_STATES,
  type ExportTaskState,
} from '../functions/exports/export-workflow.contract';
import { grantTableWrite } from './grants';
import { type DeployedFunctionEnvironment, PorticoFunction } from './portico-function';

/** The prefix every export file is written under (domain/export-job.ts exportObjectKey). */
export const EXPORT_OBJECT_PREFIX = 'exports/';

/** Longest run of one export: 50,000 products take seconds; 250,000 well under this. */
export const EXPORT_FUNCTION_TIMEOUT = Duration.minutes(5);

export interface PorticoExportWorkflowProps {
  /** Settings the export function reads at cold start (EXPORT_BUCKET_NAME is added here). */
  readonly environment: DeployedFunctionEnvironment;
  /** The Portico table: the export function reads products and writes the job. */
  readonly table: ITable;
}

/**
 * Background exports (issue 18): the bucket the files go to, the export function and a small STANDARD state
 * machine that runs it. RunExport writes the file (retried on any error after 5, 10 and 20 s: the task is
 * idempotent); once the retries are spent, RecordFailure marks the job FAILED and the execution fails.
 *
 * Why Step Functions rather than an asynchronous Lambda invocation: the retries, the failure step and the
 * execution history come declared and visible in the console, the execution is named after the job (starting
 * it twice is one run), and the local runtime already runs state machines from this very definition.
 */
export class PorticoExportWorkflow extends Construct {
  /** Export files, kept EXPORT_KEPT_DAYS; private, encrypted, TLS only, access logged. */
  public readonly bucket: Bucket;
  /** Access logs of the exports bucket. */
  public readonly logBucket: Bucket;
  /** The export state machine; execution input `{ organizationId, ownerId, exportId }`. */
  public readonly stateMachine: StateMachine;
  /** The function performing both tasks. */
  public readonly exportFunction: PorticoFunction;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PorticoExportWorkflowProps) {
    super(scope, id);
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket.node.defaultChild as Construct).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access log bucket itself; logging its own access would log forever.',
    });

    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'exports/',
      lifecycleRules: [
        // The job item expires with its file (the table's TTL, the same number of days).
        {
          expiration: Duration.days(EXPORT_KEPT_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Every file is a copy of table data that can be exported again.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.exportFunction = new PorticoFunction(this, 'ExportFunction', {
      entry: 'functions/exports/export-task.handler.ts',
      description: 'Background exports: writes the products a member may see to the exports bucket',
      environment: { ...props.environment, EXPORT_BUCKET_NAME: this.bucket.bucketName },
      // V8's heap sizes for this function only, so that its memory is flat in the number of products
      // (export-workflow.contract.ts; docs/performance.md).
      nodeOptions: EXPORT_FUNCTION_NODE_OPTIONS,
      // Reading and formatting 1,000-product pages, spooled to /tmp: about 80 MB at its peak whatever the size.
      memorySize: 1024,
      timeout: EXPORT_FUNCTION_TIMEOUT,
    });
    grantTableWrite(this.exportFunction, props.table);
    // PutObject and the multipart upload's calls, with s3:Abort* for an upload that fails half way.
    this.bucket.grantPut(this.exportFunction, `${EXPORT_OBJECT_PREFIX}*`);

    const invoke = (stateName: ExportTaskState) =>
      new LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: this.exportFunction.function,
        payloadResponseOnly: true,
        payload: TaskInput.fromObject({
          task: EXPORT_TASK_STATES[stateName],
          organizationId: JsonPath.stringAt('$.organizationId'),
          ownerId: JsonPath.stringAt('$.ownerId'),
          exportId: JsonPath.stringAt('$.exportId'),
        }),
        resultPath: '$.result',
      });

    const failed = new Fail(this, 'ExportFailed', {
      stateName: 'ExportFailed',
      error: 'ExportFailed',
      cause: 'The export kept failing after its retries; the job was marked FAILED.',
    });
    const recordFailure = invoke('RecordFailure')
      .addRetry({ errors: [Errors.ALL], interval: Duration.seconds(2), maxAttempts: 4, backoffRate: 2 })
      .next(failed);
    const run = invoke('RunExport')
      .addRetry({ errors: [Errors.ALL], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2 })
      .addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.failure' });

    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      comment: 'Portico background export: write the file of one export job, or record that it failed',
      definitionBody: DefinitionBody.fromChainable(run),
      timeout: Duration.hours(1),
      tracingEnabled: true,
      // Execution data is ids and task outcomes; the products go to S3, never through the state machine.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: true },
    });
    this.acknowledgeWildcards();
  }

  private acknowledgeWildcards(): void {
    const stack = Stack.of(this);
    const logicalIdOf = (arn: string) =>
      (stack.resolve(arn) as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0] ?? '';
    const functionLogicalId = logicalIdOf(this.exportFunction.function.functionArn);
    const bucketLogicalId = logicalIdOf(this.bucket.bucketArn);
    Validations.of(this.stateMachine.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason:
        'LambdaInvoke grants lambda:InvokeFunction on the export function and its versions and aliases (`<arn>:*`); ' +
        'the wildcard reaches no other function.',
    });
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the statement Step Functions needs for its own logging and tracing uses "*": the CloudWatch Logs ' +
        'log-delivery actions and X-Ray support no resource-level permissions.',
    });
    Validations.of(this.exportFunction.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/exports/*]`,
      reason:
        'The export function writes one object per job under exports/<organization>/<job>/ of this bucket.',
    });
    Validations.of(this.exportFunction.role).acknowledge({
      id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
      reason: "grantPut names s3:Abort* (AbortMultipartUpload), on this bucket's exports/ prefix only.",
    });
  }
}
