import '../environment';
import {
  AdminDeleteUserCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler } from '../../../functions/jobs/reconcile-identities.handler';
import { cognito, dynamo, resetAws } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { lambdaContext } from '../events';

const LONG_AGO = new Date('2020-01-01T00:00:00.000Z');

function context(remainingMs = 280_000): Context {
  return { ...lambdaContext('portico-identity-reconciliation'), getRemainingTimeInMillis: () => remainingMs };
}

const poolUser = (sub: string, createdAt = LONG_AGO) => ({
  Username: `${sub}@acme.example`,
  Enabled: true,
  UserCreateDate: createdAt,
  Attributes: [
    { Name: 'sub', Value: sub },
    { Name: 'email', Value: `${sub}@acme.example` },
  ],
});

beforeEach(() => {
  resetAws();
  cognito.on(ListUsersInGroupCommand).resolves({ Users: [poolUser('operator')] });
  dynamo.on(GetCommand).resolves({});
});

describe('reconcile-identities handler', () => {
  it('pages the pool with the kept cursor, removes an old sign-in without an account, never the operator, and clears the cursor', async () => {
    dynamo
      .on(GetCommand, { Key: keys.jobCursor('reconcile-identities') })
      .resolves({ Item: { cursor: 'page-2' } });
    cognito.on(ListUsersCommand).resolves({ Users: [poolUser('orphan'), poolUser('operator')] });

    const result = await handler({ job: 'reconcile-identities' }, context());

    expect(result).toMatchObject({
      job: 'reconcile-identities',
      checked: 2,
      removedIdentities: 1,
      passCompleted: true,
    });
    expect(cognito.commandCalls(ListUsersCommand)[0]?.args[0].input).toMatchObject({
      UserPoolId: TEST_ENVIRONMENT.USER_POOL_ID,
      Limit: 60,
      PaginationToken: 'page-2',
    });
    expect(cognito.commandCalls(ListUsersInGroupCommand)[0]?.args[0].input).toMatchObject({
      GroupName: 'operators',
    });
    expect(cognito.commandCalls(AdminDeleteUserCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: TEST_ENVIRONMENT.USER_POOL_ID, Username: 'orphan@acme.example' },
    ]);
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual(
      keys.jobCursor('reconcile-identities'),
    );
    expect(dynamo.commandCalls(ScanCommand)).toEqual([]);
  });

  it('keeps its place and stops when the Lambda has less than its safety margin left', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [], PaginationToken: 'next' });

    const result = await handler({}, context(10_000));

    expect(result).toMatchObject({ unfinished: true, passCompleted: false, checked: 0 });
    expect(cognito.commandCalls(ListUsersCommand)).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });

  it('backfills the address item of a verified account that records none: one conditional PutItem, then the flag alone', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [poolUser('veteran')] });
    dynamo.on(GetCommand, { Key: keys.user('veteran') }).resolves({
      Item: {
        ...keys.user('veteran'),
        entity: 'ACCOUNT',
        userId: 'veteran',
        email: 'veteran@acme.example',
        emailDomain: 'acme.example',
        emailDomainKind: 'WORK',
        firstName: 'Vera',
        lastName: 'Veteran',
        country: 'DE',
        state: 'ACTIVE',
        organizationId: 'org-acme',
        role: 'MEMBER',
        createdAt: '2020-01-01T00:00:00.000Z',
        updatedAt: '2020-01-01T00:00:00.000Z',
        revision: 5,
      },
    });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});

    const result = await handler({ job: 'reconcile-identities' }, context());

    expect(result).toMatchObject({ checked: 1, backfilledAddressItems: 1, failed: 0 });
    expect(dynamo.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: TEST_ENVIRONMENT.TABLE_NAME,
        Item: {
          ...keys.addressOwner('veteran@acme.example'),
          entity: 'ADDRESS_OWNER',
          email: 'veteran@acme.example',
          userId: 'veteran',
          since: expect.any(String),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR userId = :me',
        ExpressionAttributeValues: { ':me': 'veteran' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    ]);
    expect(dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: TEST_ENVIRONMENT.TABLE_NAME,
        Key: keys.user('veteran'),
        UpdateExpression: 'SET ownsAddressItem = :owns',
        ConditionExpression: 'email = :email',
        ExpressionAttributeValues: { ':owns': true, ':email': 'veteran@acme.example' },
      },
    ]);
  });

  it('writes nothing for an account that records its address item', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [poolUser('recorded')] });
    dynamo.on(GetCommand, { Key: keys.user('recorded') }).resolves({
      Item: {
        ...keys.user('recorded'),
        userId: 'recorded',
        email: 'recorded@acme.example',
        emailDomain: 'acme.example',
        emailDomainKind: 'WORK',
        firstName: 'Rita',
        lastName: 'Recorded',
        country: 'DE',
        state: 'CHOOSE_ACCESS_TYPE',
        ownsAddressItem: true,
        createdAt: '2020-01-01T00:00:00.000Z',
        updatedAt: '2020-01-01T00:00:00.000Z',
        revision: 2,
      },
    });

    const result = await handler({ job: 'reconcile-identities' }, context());

    expect(result).toMatchObject({ checked: 1, backfilledAddressItems: 0, done: 0 });
    // Only the cursor's end (a DeleteCommand) is written.
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(dynamo.commandCalls(UpdateCommand)).toEqual([]);
  });
});
