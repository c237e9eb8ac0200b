import path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { type IGrantable, type IPrincipal, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionEnvironment, TableReaderEnvironment } from '../functions/core/config';
import { FUNCTION_BUNDLING, PROJECT_ROOT } from './bundling-options';

export { PROJECT_ROOT };

/**
 * What every deployed function is given (see functions/core/config.ts). Picked from `FunctionEnvironment`, so
 * renaming a key there fails to compile here. The code secret travels by ARN; its value never leaves Secrets
 * Manager (`CODE_SECRET` is for the local runtime only).
 */
export type DeployedFunctionEnvironment = Required<
  Pick<
    FunctionEnvironment,
    | 'TABLE_NAME'
    | 'USER_POOL_ID'
    | 'USER_POOL_CLIENT_ID'
    | 'MAIL_FROM_ADDRESS'
    | 'PORTAL_URL'
    | 'CODE_SECRET_ARN'
    | 'REVIEWER_EMAIL'
  >
> &
  Partial<
    Record<
      Extract<
        keyof FunctionEnvironment,
        | 'REVIEW_STATE_MACHINE_ARN'
        | 'REVIEW_BUSINESS_DAYS'
        | 'REVIEW_ESCALATION_BUSINESS_DAYS'
        | 'REVIEW_CHECK_INTERVAL_SECONDS'
        | 'REMINDER_AFTER_SECONDS'
        | 'EXPORT_BUCKET_NAME'
        | 'EXPORT_STATE_MACHINE_ARN'
        | 'EXPORT_LINK_SECONDS'
      >,
      string
    >
  >;

/**
 * What a function that only reads the table is given (config.ts, parseTableReaderConfig): the pre-token-generation
 * trigger, which cannot name the user pool that invokes it (lib/identity.ts).
 */
export type TableReaderFunctionEnvironment = Required<Pick<TableReaderEnvironment, 'TABLE_NAME'>>;

/** Settings of the structured logger (functions/core/logger.ts), the same for every function. */
export const LOGGING_ENVIRONMENT = {
  LOG_LEVEL: 'INFO',
} as const;

export interface PorticoFunctionProps {
  /** Handler module, relative to the repository root; it must export `handler`. */
  readonly entry: string;
  /** What the function does; shown in the Lambda console. */
  readonly description: string;
  /** The settings the function reads at cold start. */
  readonly environment: DeployedFunctionEnvironment | TableReaderFunctionEnvironment;
  /**
   * Memory in MB (CPU scales with it: 1,769 MB is one vCPU). The default comes from measurement
   * (`npm run bench -- load`, bench/README.md): the API handlers use 2–11 ms of CPU and peak at 70–95 MB RSS
   * per call, so 512 MB keeps the CPU-bound part under 40 ms and cold init at 300–350 ms; 256 MB would save
   * under $0.55 per million calls but double both. @default 512
   */
  readonly memorySize?: number;
  /**
   * Node.js options (`NODE_OPTIONS`, read by Node.js itself, not by the function's config). When they name
   * `--max-semi-space-size` or `--max-old-space-size`, Lambda's Node.js runtime adds no heap sizes of its own.
   * @default none
   */
  readonly nodeOptions?: string;
  /** Longest run of one invocation. @default Duration.seconds(10) */
  readonly timeout?: Duration;
}

/**
 * The one place the Lambda defaults live: Node.js 22 on arm64, ESM bundle with the AWS SDK inside
 * (FUNCTION_BUNDLING), X-Ray tracing, and a log group with one month of retention. The execution role may write
 * to that log group and nothing else until a grant adds more.
 */
export class PorticoFunction extends Construct implements IGrantable {
  /** The Lambda function. */
  public readonly function: NodejsFunction;
  /** Where the function logs. */
  public readonly logGroup: LogGroup;
  /** The execution role; grants go here. */
  public readonly role: Role;
  /** The principal grants are given to (the execution role). */
  public readonly grantPrincipal: IPrincipal;
  /** Handler module, relative to the repository root (what the bundle is built from). */
  public readonly entry: string;

  constructor(scope: Construct, id: string, props: PorticoFunctionProps) {
    super(scope, id);
    this.entry = props.entry;

    this.logGroup = new LogGroup(this, 'LogGroup', { retention: RetentionDays.ONE_MONTH });

    // An own role instead of the AWSLambdaBasicExecutionRole managed policy: that policy may create log groups
    // and write to any of them; this role writes to its own log group only.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.entry}`,
    });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        ...LOGGING_ENVIRONMENT,
        ...(props.nodeOptions ? { NODE_OPTIONS: props.nodeOptions } : {}),
      },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      // The same options the bundle bench and the size budget test bundle with (lib/bundling-options.ts).
      bundling: { ...FUNCTION_BUNDLING, mainFields: [...FUNCTION_BUNDLING.mainFields] },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose: the bundles target node22 and the code is tested on Node 20/22; ' +
        'moving to a newer runtime is a deliberate, tested upgrade rather than a side effect of a CDK update.',
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray statement added by active tracing uses "*": xray:PutTraceSegments and ' +
        'xray:PutTelemetryRecords support no resource-level permissions. Other grants name their resources.',
    });
  }
}
