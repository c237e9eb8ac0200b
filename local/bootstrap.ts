import { randomBytes } from 'node:crypto';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GroupExistsException,
  ResourceNotFoundException as PoolNotFound,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { TABLE_DESIGN, TABLE_INDEXES } from '../functions/core/adapters/dynamodb/table-design';
import { PASSWORD_POLICY } from '../functions/core/domain/password-policy';
import { OPERATORS_GROUP } from '../functions/routes';
import type { OperatorCredentials } from './local-state';

/**
 * Creates, when missing, what the CDK stack creates on AWS: the table (from the same TABLE_DESIGN and
 * TABLE_INDEXES), the user pool and web client (from the same PASSWORD_POLICY), and the operators' group — plus
 * a local operator to sign in with. Safe to run at every start.
 */

const indexDefinition = (index: (typeof TABLE_INDEXES)[number]) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: index.projection },
});

const indexAttributes = (index: (typeof TABLE_INDEXES)[number]) => [
  { AttributeName: index.partitionKey, AttributeType: 'S' as const },
  { AttributeName: index.sortKey, AttributeType: 'S' as const },
];

/** Waits until the table and every one of its indexes are ACTIVE (DynamoDB Local builds indexes quickly). */
async function waitUntilActive(
  dynamodb: DynamoDBClient,
  tableName: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (Table?.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE in ${timeoutMs} ms`);
    await sleep(200);
  }
}

/**
 * The table with every index of TABLE_INDEXES. A table made by an older version (e.g. a `local/.data` from
 * before an index was added) gets the missing indexes, one UpdateTable each, as a deployment would add them.
 */
export async function ensureTable(
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<{ readonly table: 'created' | 'existing'; readonly addedIndexes: readonly string[] }> {
  let existing: TableDescription | undefined;
  try {
    existing = (await dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (existing) {
    const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const missing = TABLE_INDEXES.filter((index) => !present.has(index.indexName));
    for (const index of missing) {
      await dynamodb.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: indexAttributes(index),
          GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
        }),
      );
      await waitUntilActive(dynamodb, tableName);
    }
    return { table: 'existing', addedIndexes: missing.map((index) => index.indexName) };
  }

  const attributes = new Map<string, 'S'>([
    [TABLE_DESIGN.partitionKey, 'S'],
    [TABLE_DESIGN.sortKey, 'S'],
    ...TABLE_INDEXES.flatMap(indexAttributes).map(
      (attribute) => [attribute.AttributeName, attribute.AttributeType] as const,
    ),
  ]);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
        AttributeName,
        AttributeType,
      })),
      KeySchema: [
        { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_INDEXES.map(indexDefinition),
    }),
  );
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60 }, { TableName: tableName });
  await waitUntilActive(dynamodb, tableName);
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
    }),
  );
  return { table: 'created', addedIndexes: [] };
}

export interface UserPoolIds {
  readonly userPoolId: string;
  readonly clientId: string;
}

/** The user pool a data folder's stack.json names is not in cognito-local's data. */
export class MissingUserPoolError extends Error {
  override readonly name = 'MissingUserPoolError';
}

/** Whether the table exists (a data folder that had one must still have it). */
export async function tableExists(dynamodb: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/**
 * The pool `known` (from stack.json), or a new one when none is known yet. A known pool that has gone is an
 * error (MissingUserPoolError), never replaced: its users would silently lose their sign-in.
 */
export async function ensureUserPool(
  cognito: CognitoIdentityProviderClient,
  known: UserPoolIds | undefined,
): Promise<UserPoolIds & { readonly created: boolean }> {
  if (known) {
    try {
      await cognito.send(new DescribeUserPoolCommand({ UserPoolId: known.userPoolId }));
      return { ...known, created: false };
    } catch (error) {
      if (!(error instanceof PoolNotFound)) throw error;
      throw new MissingUserPoolError(`user pool ${known.userPoolId} is missing`, { cause: error });
    }
  }
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'portico-local',
      UsernameAttributes: ['email'],
      // As lib/identity.ts (signInCaseSensitive: false); the local server honours it (cognito-local-server.ts).
      UsernameConfiguration: { CaseSensitive: false },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: {
          MinimumLength: PASSWORD_POLICY.minLength,
          RequireLowercase: PASSWORD_POLICY.requireLowercase,
          RequireUppercase: PASSWORD_POLICY.requireUppercase,
          RequireNumbers: PASSWORD_POLICY.requireDigits,
          RequireSymbols: PASSWORD_POLICY.requireSymbols,
        },
      },
    }),
  );
  if (!UserPool?.Id) throw new Error('cognito-local did not return a user pool id');
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: UserPool.Id,
      ClientName: 'portico-web',
      ExplicitAuthFlows: [
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_ADMIN_USER_PASSWORD_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ],
      GenerateSecret: false,
    }),
  );
  if (!UserPoolClient?.ClientId) throw new Error('cognito-local did not return a client id');
  return { userPoolId: UserPool.Id, clientId: UserPoolClient.ClientId, created: true };
}

export const LOCAL_OPERATOR_EMAIL = 'operator@portico.example';

/** A random password that meets PASSWORD_POLICY (every character class, well over the minimum length). */
export function generateOperatorPassword(): string {
  const random = randomBytes(18).toString('base64url');
  return `Op-${random}-7a!`.slice(0, PASSWORD_POLICY.maxLength);
}

/**
 * The operators' group (OPERATORS_GROUP, the group the `operator` routes require) and one operator in it,
 * with the given password and a verified email. Safe to run at every start: whatever exists is kept, and the
 * password is set again so the state file and the pool always agree.
 */
export async function ensureOperator(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  operator: OperatorCredentials,
): Promise<void> {
  try {
    await cognito.send(
      new CreateGroupCommand({
        UserPoolId: userPoolId,
        GroupName: OPERATORS_GROUP,
        Description: 'Portico support operators: review organization requests',
      }),
    );
  } catch (error) {
    if (!(error instanceof GroupExistsException)) throw error;
  }
  try {
    await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: operator.email }));
  } catch (error) {
    if (!(error instanceof UserNotFoundException)) throw error;
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: operator.email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: operator.email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  }
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: operator.email,
      Password: operator.password,
      Permanent: true,
    }),
  );
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: userPoolId,
      Username: operator.email,
      GroupName: OPERATORS_GROUP,
    }),
  );
}
