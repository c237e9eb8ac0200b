import '../environment';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditEntryPuts } from '../../../functions/core/adapters/dynamodb/audit-entry-items';
import { DynamoMemberDirectory } from '../../../functions/core/adapters/dynamodb/member.directory';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import {
  ConcurrentUpdateError,
  InvalidCursorError,
  LastAdministratorError,
} from '../../../functions/core/ports';
import { roleChanged } from '../../../functions/core/domain/audit-log';
import { dynamo, resetAws } from '../aws';

const TABLE = 'portico-adapter-tests';
const ORG = 'org-acme';

const directory = new DynamoMemberDirectory(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
  TABLE,
);

function membershipItem(userId: string, role: 'MEMBER' | 'ADMINISTRATOR' = 'MEMBER') {
  return {
    ...keys.membership(ORG, userId),
    entity: 'MEMBERSHIP',
    organizationId: ORG,
    userId,
    email: `${userId}@acme.example`,
    firstName: 'Ada',
    lastName: 'Lovelace',
    role,
    joinedAt: '2025-03-01T08:00:00.000Z',
  };
}

const GRACE = { userId: 'user-grace', email: 'grace@acme.example' };
const ADA = { userId: 'user-ada', email: 'ada@acme.example' };
const AT = new Date('2025-03-03T09:00:00.000Z');
const promotion = roleChanged(ORG, GRACE, ADA, 'MEMBER', 'ADMINISTRATOR', AT);
const demotion = roleChanged(ORG, GRACE, ADA, 'ADMINISTRATOR', 'MEMBER', AT);

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

beforeEach(() => {
  resetAws();
});

describe('DynamoMemberDirectory.listMembers', () => {
  it("queries the organization's membership items a page at a time, with an opaque cursor", async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [membershipItem('user-ada')],
      LastEvaluatedKey: keys.membership(ORG, 'user-ada'),
    });

    const page = await directory.listMembers(ORG, { limit: 1 });
    await directory.listMembers(ORG, { limit: 1, cursor: page.cursor });

    expect(page.items).toEqual([
      {
        userId: 'user-ada',
        email: 'user-ada@acme.example',
        firstName: 'Ada',
        lastName: 'Lovelace',
        role: 'MEMBER',
        joinedAt: '2025-03-01T08:00:00.000Z',
      },
    ]);
    const [first, second] = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(first).toEqual({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':pk': 'ORG#org-acme', ':low': 'MEMBER#', ':high': 'MEMBER$' },
      Limit: 1,
    });
    expect(second?.ExclusiveStartKey).toEqual(keys.membership(ORG, 'user-ada'));
    expect(page.cursor).not.toContain('ORG#');
  });

  it("refuses a cursor of another organization's list, and one that is not a cursor", async () => {
    const foreign = Buffer.from(JSON.stringify(keys.membership('org-globex', 'user-x'))).toString(
      'base64url',
    );

    await expect(directory.listMembers(ORG, { limit: 5, cursor: foreign })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(directory.listMembers(ORG, { limit: 5, cursor: '%%%' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    expect(dynamo.calls()).toEqual([]);
  });
});

describe('DynamoMemberDirectory.getMember', () => {
  it('reads the membership item consistently', async () => {
    dynamo.on(GetCommand).resolves({ Item: membershipItem('user-ada', 'ADMINISTRATOR') });

    expect(await directory.getMember(ORG, 'user-ada')).toMatchObject({ role: 'ADMINISTRATOR' });
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: keys.membership(ORG, 'user-ada'),
      ConsistentRead: true,
    });
  });
});

describe('DynamoMemberDirectory.changeRole', () => {
  it('promotes: membership, account, the count of administrators and the audit entry in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    await directory.changeRole(ORG, 'user-ada', 'MEMBER', 'ADMINISTRATOR', promotion);

    expect(dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toEqual([
      {
        Update: {
          TableName: TABLE,
          Key: keys.membership(ORG, 'user-ada'),
          UpdateExpression: 'SET #role = :to',
          ConditionExpression: '#role = :from',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':to': 'ADMINISTRATOR', ':from': 'MEMBER' },
        },
      },
      {
        Update: {
          TableName: TABLE,
          Key: keys.user('user-ada'),
          UpdateExpression: 'SET #role = :to, revision = revision + :one',
          ConditionExpression: 'organizationId = :organizationId',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: { ':to': 'ADMINISTRATOR', ':one': 1, ':organizationId': ORG },
        },
      },
      {
        Update: {
          TableName: TABLE,
          Key: keys.organization(ORG),
          UpdateExpression: 'ADD administratorCount :delta',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':delta': 1 },
        },
      },
      ...auditEntryPuts(TABLE, promotion),
    ]);
  });

  it('demotes only while another administrator remains', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    await directory.changeRole(ORG, 'user-ada', 'ADMINISTRATOR', 'MEMBER', demotion);

    const [, , organization] =
      dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(organization?.Update).toMatchObject({
      UpdateExpression: 'ADD administratorCount :delta',
      ConditionExpression: 'administratorCount > :one',
      ExpressionAttributeValues: { ':delta': -1, ':one': 1 },
    });
  });

  it('answers LastAdministratorError when only the count refused the demotion', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

    await expect(
      directory.changeRole(ORG, 'user-ada', 'ADMINISTRATOR', 'MEMBER', demotion),
    ).rejects.toBeInstanceOf(LastAdministratorError);
  });

  it.each([
    ['the membership no longer has the role', ['ConditionalCheckFailed', 'None', 'None']],
    ['the account left the organization', ['None', 'ConditionalCheckFailed', 'None']],
    ['the role changed and the count too', ['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed']],
    ['a concurrent transaction', ['None', 'TransactionConflict', 'None']],
  ])('answers ConcurrentUpdateError when %s', async (_name, codes) => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(...codes));

    await expect(
      directory.changeRole(ORG, 'user-ada', 'ADMINISTRATOR', 'MEMBER', demotion),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
  });

  it('writes nothing when the role does not change', async () => {
    await directory.changeRole(ORG, 'user-ada', 'MEMBER', 'MEMBER', promotion);

    expect(dynamo.calls()).toEqual([]);
  });
});
