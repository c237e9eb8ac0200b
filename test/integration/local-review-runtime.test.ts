import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  StartExecutionCommand,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DESIGN, TABLE_INDEXES } from '../../functions/core/adapters/dynamodb/table-design';
import { OPERATORS_GROUP } from '../../functions/routes';
import { ensureTable } from '../../local/bootstrap';
import { apiClient, awsClients, removeData, signIn, verifiedPerson, type RunningStack } from './local-stack';
import { sharedStack } from '../support/shared-stack';

/**
 * What `npm start` adds for the organization review: the Step Functions endpoint running the review state
 * machine, the seeded operator and the `npm run operator` console, and a table with every index.
 * (The review itself, end to end, is tested elsewhere.)
 */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await sharedStack();
  api = apiClient(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

function operatorConsole(...args: string[]) {
  const result = spawnSync(join('node_modules', '.bin', 'tsx'), ['local/operator.ts', ...args], {
    env: { ...process.env, PORTICO_DATA_DIR: stack.dataDirectory, NODE_NO_WARNINGS: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the seeded operator', () => {
  it('signs in with the password kept in stack.json and gets the operators group in the ID token', async () => {
    expect(stack.operator.email).toBe('operator@portico.example');
    expect(statSync(join(stack.dataDirectory, 'stack.json')).mode & 0o777).toBe(0o600);

    const token = await signIn(stack, stack.operator.email, stack.operator.password);
    const claims = decodeJwt(token);
    expect(claims['cognito:groups']).toEqual([OPERATORS_GROUP]);
    expect(claims).toMatchObject({ email: stack.operator.email, email_verified: true, token_use: 'id' });

    const list = await api('GET', '/v1/operator/organization-requests?status=open', { token });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ items: expect.any(Array), nextCursor: null });
  });

  it('is the only one who may use the operator routes', async () => {
    const email = `notanoperator${Date.now()}@acme.example`;
    const token = await verifiedPerson(stack, email);
    expect(decodeJwt(token)['cognito:groups']).toBeUndefined();

    const answer = await api('GET', '/v1/operator/organization-requests', { token });
    expect(answer.status).toBe(403);
    expect(answer.body.type).toBe('/problems/operators-only');
  });

  it('drives the operator routes from `npm run operator`', () => {
    const list = operatorConsole('list', 'closed');
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('No closed organization requests.');

    const missing = operatorConsole('show', 'no-such-request-id');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('404');
    expect(missing.stderr).toContain('There is no organization request no-such-request-id.');
  });
});

describe('the local Step Functions endpoint of the stack', () => {
  it('starts review executions by name through the AWS SDK, as the functions do', async () => {
    const { stepFunctions } = awsClients(stack);
    const name = `it-${Date.now()}`;
    const input = JSON.stringify({ requestId: name });
    const started = await stepFunctions.send(
      new StartExecutionCommand({ stateMachineArn: stack.reviewStateMachineArn, name, input }),
    );
    expect(started.executionArn).toBe(
      `${stack.reviewStateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
    );

    const again = await stepFunctions.send(
      new StartExecutionCommand({ stateMachineArn: stack.reviewStateMachineArn, name, input }),
    );
    expect(again.executionArn).toBe(started.executionArn);
    await expect(
      stepFunctions.send(
        new StartExecutionCommand({
          stateMachineArn: stack.reviewStateMachineArn,
          name,
          input: JSON.stringify({ requestId: 'another' }),
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const described = await stepFunctions.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );
    expect(described).toMatchObject({ name, input, stateMachineArn: stack.reviewStateMachineArn });

    await expect(
      stepFunctions.send(
        new StartExecutionCommand({
          stateMachineArn: stack.reviewStateMachineArn.replace('portico-review', 'unknown'),
          input,
        }),
      ),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });
});

describe('the local table', () => {
  const dynamodb = () =>
    new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: stack.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

  it('has every index of TABLE_INDEXES', async () => {
    const { Table } = await dynamodb().send(new DescribeTableCommand({ TableName: stack.tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
      TABLE_INDEXES.map((index) => index.indexName).sort(),
    );
  });

  it('adds the indexes a table from an older version lacks', async () => {
    const client = dynamodb();
    const tableName = `older-${Date.now()}`;
    const old = TABLE_DESIGN.byEmailDomain;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', old.partitionKey, old.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: old.indexName,
            KeySchema: [
              { AttributeName: old.partitionKey, KeyType: 'HASH' },
              { AttributeName: old.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );

    const result = await ensureTable(client, tableName);
    expect(result).toEqual({
      table: 'existing',
      addedIndexes: TABLE_INDEXES.map((index) => index.indexName).filter((name) => name !== old.indexName),
    });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(
      Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus]).sort(),
    ).toEqual(TABLE_INDEXES.map((index) => [index.indexName, 'ACTIVE']).sort());
    expect(await ensureTable(client, tableName)).toEqual({ table: 'existing', addedIndexes: [] });
  });
});
