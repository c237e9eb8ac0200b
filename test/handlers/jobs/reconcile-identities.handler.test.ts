import '../environment';
import {
  AdminDeleteUserCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
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
});
