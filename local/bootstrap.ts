import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ResourceNotFoundException as PoolNotFound,
} from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DESIGN } from '../functions/core/adapters/dynamodb/table-design';
import { PASSWORD_POLICY } from '../functions/core/domain/password-policy';

/**
 * Creates, when missing, what the CDK stack creates on AWS: the table (from the same TABLE_DESIGN), and the
 * user pool and web client (from the same PASSWORD_POLICY). Safe to run at every start.
 */

export async function ensureTable(
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<'created' | 'existing'> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    return 'existing';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const index = TABLE_DESIGN.byEmailDomain;
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE_DESIGN.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE_DESIGN.sortKey, AttributeType: 'S' },
        { AttributeName: index.partitionKey, AttributeType: 'S' },
        { AttributeName: index.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60 }, { TableName: tableName });
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
    }),
  );
  return 'created';
}

export interface UserPoolIds {
  readonly userPoolId: string;
  readonly clientId: string;
}

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
    }
  }
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: 'portico-local',
      UsernameAttributes: ['email'],
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
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
    }),
  );
  if (!UserPoolClient?.ClientId) throw new Error('cognito-local did not return a client id');
  return { userPoolId: UserPool.Id, clientId: UserPoolClient.ClientId, created: true };
}
