import { type CfnResource, Names, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { TABLE_INDEXES } from '../functions/core/adapters/dynamodb/table-design';
import type { PorticoFunction } from './portico-function';

/**
 * The grants Portico's functions are given, in one place: the route functions (lib/api.ts), the review
 * function (lib/review-workflow.ts) and the scheduled-jobs function (lib/schedules.ts) all get the same,
 * narrowest permission for the same need.
 */

/** The Cognito admin calls the sign-up, verification and account flows make; granted on the one user pool only. */
export const IDENTITY_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDeleteUser',
  // Checking a password before it is changed or the account deleted, and ending every session.
  'cognito-idp:AdminInitiateAuth',
  'cognito-idp:AdminUserGlobalSignOut',
] as const;

/** Reads are GetItem or Query (never Scan, which the table design does not use). */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
/** Writes, conditional or in transactions (TransactWriteItems is authorized per item action). */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** Read the Portico table and its indexes. */
export function grantTableRead(fn: PorticoFunction, table: ITable): void {
  table.grant(fn, ...TABLE_READ_ACTIONS);
  acknowledgeTableIndexes(fn, table);
}

/**
 * GetItem on the Portico table itself, no index and nothing else: the pre-token-generation trigger's one read
 * (grantTableRead would add BatchGetItem, Query and the indexes).
 */
export function grantTableGetItem(fn: PorticoFunction, table: ITable): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [table.tableArn] }),
  );
}

/** Read and write the Portico table (writes need reads: conditions and transactions check items first). */
export function grantTableWrite(fn: PorticoFunction, table: ITable): void {
  table.grant(fn, ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS);
  acknowledgeTableIndexes(fn, table);
}

/** Administer the users of the one user pool (create, set password, read, update, delete). */
export function grantIdentityAdmin(fn: PorticoFunction, userPool: IUserPool): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...IDENTITY_ADMIN_ACTIONS], resources: [userPool.userPoolArn] }),
  );
}

/** What the finish-erasures job calls on the user pool: it deletes the user an erasure left behind. */
export const ERASURE_FINISHING_ACTIONS = ['cognito-idp:AdminDeleteUser'] as const;

/** Delete users of the one user pool (the jobs function's finish-erasures). */
export function grantFinishErasures(fn: PorticoFunction, userPool: IUserPool): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...ERASURE_FINISHING_ACTIONS], resources: [userPool.userPoolArn] }),
  );
}

/** What the reconcile-identities job calls on the user pool (functions/core/adapters/cognito/cognito.identity-directory.ts). */
export const IDENTITY_RECONCILIATION_ACTIONS = [
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminGetUser',
] as const;

/** Page through the one user pool, its operators' group, and remove users without an account. */
export function grantIdentityReconciliation(fn: PorticoFunction, userPool: IUserPool): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...IDENTITY_RECONCILIATION_ACTIONS], resources: [userPool.userPoolArn] }),
  );
}

/**
 * Send email from the SES identity, and from nothing else: `mailResourceArns` are the identity and its default
 * configuration set (SES authorizes a send on both when a configuration set applies).
 */
export function grantSendEmail(fn: PorticoFunction, mailResourceArns: readonly string[]): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['ses:SendEmail'], resources: [...mailResourceArns] }),
  );
}

/** Start executions of the review state machine (`states:StartExecution` on that state machine only). */
export function grantStartReview(fn: PorticoFunction, reviewStateMachine: IStateMachine): void {
  reviewStateMachine.grantStartExecution(fn);
}

/** Start executions of the export state machine (`states:StartExecution` on it only). */
export function grantStartExport(fn: PorticoFunction, exportStateMachine: IStateMachine): void {
  exportStateMachine.grantStartExecution(fn);
}

/**
 * Read export files (`s3:GetObject` under `prefix`): the function signs download links with its own role, and
 * a presigned URL can do only what its signer may.
 */
export function grantReadExports(fn: PorticoFunction, bucket: IBucket, prefix: string): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }),
  );
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${arnInFindings(fn, bucket, bucket.bucketArn)}>/${prefix}*]`,
    reason: 'Download links are signed for one export file at a time, all of them under this prefix.',
  });
}

/** The table grants cover `<table>/index/*`: the finding names the table's ARN, so build it here. */
function acknowledgeTableIndexes(fn: PorticoFunction, table: ITable): void {
  const indexNames = TABLE_INDEXES.map((index) => index.indexName).join(', ');
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${arnInFindings(fn, table, table.tableArn)}>/index/*]`,
    reason:
      `The wildcard covers the indexes of the one Portico table (${indexNames}), which readers query by ` +
      'email domain, due time, collection and product family; no other table is reachable.',
  });
}

/**
 * How a cdk-nag finding on `fn`'s policy names the ARN of a resource (a table, a bucket) of the Portico stack:
 * `<logical id>.Arn` when the function is in the same stack; when it is in a nested stack (the route functions,
 * lib/api.ts), the policy reads the ARN from the parameter CDK adds to that nested stack for the reference,
 * named `reference-to-<unique id of the resource><attribute>` (aws-cdk-lib core/lib/private/refs.ts) and given
 * that name, without its hyphens, as its logical id. test/infra/cdk-nag.test.ts fails if that naming changes.
 */
function arnInFindings(fn: PorticoFunction, owner: ITable | IBucket, arn: string): string {
  const resolved = Stack.of(owner).resolve(arn) as { 'Fn::GetAtt'?: [string, string] };
  const [logicalId, attribute] = resolved['Fn::GetAtt'] ?? [];
  if (!logicalId || attribute !== 'Arn')
    throw new Error(`expected ${owner.node.path} to be defined in the app`);
  const consumer = Stack.of(fn);
  const producer = Stack.of(owner);
  if (consumer === producer) return `${logicalId}.Arn`;
  if (!NestedStack.isNestedStack(consumer) || consumer.nestedStackParent !== producer) {
    throw new Error(`${fn.node.path} must be in the stack of ${owner.node.path} or in a stack nested in it`);
  }
  const resource = owner.node.defaultChild as CfnResource;
  return `referenceto${Names.nodeUniqueId(resource.node)}${attribute}`.replace(/[^A-Za-z0-9]/g, '');
}
