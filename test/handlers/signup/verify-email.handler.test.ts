import '../environment';
import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  InternalErrorException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CodeState } from '../../../functions/core/domain/one-time-code';
import { routes } from '../../../functions/routes';
import { handler } from '../../../functions/signup/verify-email.handler';
import { cognito, codeHashOf, dynamo, items, resetAws } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { apiEvent, jsonBody, lambdaContext, problemOf } from '../events';
import { REQUEST_ID, storedRequest } from '../fixtures';

const EMAIL = 'ada@acme.example';
const CODE = '482915';
const SUB = '7f3c0f1e-0000-4000-8000-000000000ada';

function liveCode(overrides: Partial<CodeState> = {}): CodeState {
  return {
    email: EMAIL,
    userId: SUB,
    greetingName: 'Ada',
    codeHash: codeHashOf(EMAIL, CODE),
    expiresAt: Date.now() + 300_000,
    attempts: 1,
    sentAt: [Date.now() - 60_000],
    version: 1,
    ...overrides,
  };
}

function verify(body: unknown = { email: EMAIL, code: CODE }, headers: Record<string, string> = {}) {
  return handler(apiEvent(routes.verifyEmail, { body, headers }), lambdaContext('portico-verifyEmail'));
}

/** The try is counted and answers the state after the count. */
function givenTryCounted(state: CodeState = liveCode()): void {
  dynamo.on(UpdateCommand).resolves({ Attributes: items.code(state) });
}

/** The store refuses the try and hands back the stored state. */
function givenTryRefused(state: CodeState): void {
  dynamo.on(UpdateCommand).rejects(
    new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
      Item: marshall(items.code(state), { removeUndefinedValues: true }),
    }),
  );
}

const ACCOUNT_KEY = { pk: `USER#${SUB}`, sk: 'PROFILE' };

/** The account moves on: the conditional update of the account succeeds. */
function givenAccountMoves(): void {
  dynamo.on(UpdateCommand, { Key: ACCOUNT_KEY }).resolves({});
}

/** The account is not waiting for verification: its update is refused, with the account as it stood. */
function givenAccountIn(state: string): void {
  dynamo.on(UpdateCommand, { Key: ACCOUNT_KEY }).rejects(
    new ConditionalCheckFailedException({
      message: 'The conditional request failed',
      $metadata: {},
      Item: marshall(
        {
          ...ACCOUNT_KEY,
          entity: 'ACCOUNT',
          userId: SUB,
          email: EMAIL,
          emailDomain: 'acme.example',
          emailDomainKind: 'WORK',
          firstName: 'Ada',
          lastName: 'Lovelace',
          country: 'GB',
          state,
          accessType: 'CUSTOMER_EMPLOYEE',
          createdAt: '2026-11-01T00:00:00.000Z',
          updatedAt: '2026-11-01T00:05:00.000Z',
          revision: 3,
        },
        { removeUndefinedValues: true },
      ),
    }),
  );
}

beforeEach(() => {
  resetAws();
});

describe('POST /v1/signup/verify with the right code', () => {
  it('answers 200 with the verified state and the next step', async () => {
    givenTryCounted();
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    givenAccountMoves();

    const response = await verify();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({
      email: EMAIL,
      emailVerified: true,
      state: 'CHOOSE_ACCESS_TYPE',
      accessLevel: 'LIMITED',
      nextStep: expect.objectContaining({
        step: 'CHOOSE_ACCESS_TYPE',
        method: 'PUT',
        path: '/v1/me/access-type',
      }),
    });
  });

  it('says the next step in the language of the request (French, Japanese); step, method and path stay', async () => {
    givenTryCounted();
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    givenAccountMoves();

    const french = await verify(undefined, { 'Accept-Language': 'fr-FR,fr;q=0.9' });

    expect(french.statusCode).toBe(200);
    expect(jsonBody(french)).toMatchObject({
      state: 'CHOOSE_ACCESS_TYPE',
      nextStep: {
        step: 'CHOOSE_ACCESS_TYPE',
        method: 'PUT',
        path: '/v1/me/access-type',
        description: 'Indiquez si vous travaillez pour une organisation cliente ou pour un partenaire.',
      },
    });

    const japanese = await verify(undefined, { 'Accept-Language': 'ja' });

    expect(jsonBody(japanese)).toMatchObject({
      nextStep: {
        step: 'CHOOSE_ACCESS_TYPE',
        description: '顧客組織にお勤めか、パートナー企業にお勤めかを選択してください。',
      },
    });
  });

  it('counts the try with a conditional update before anything else', async () => {
    givenTryCounted();
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    givenAccountMoves();

    await verify();

    const [first] = dynamo.calls();
    expect(first?.args[0]).toBeInstanceOf(UpdateCommand);
    expect((first?.args[0] as UpdateCommand).input).toMatchObject({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      Key: { pk: `EMAIL#${EMAIL}`, sk: 'CODE' },
      UpdateExpression: 'SET attempts = attempts + :one',
      // Only a verification code (an item written before codes had purposes holds one) may be tried here.
      ConditionExpression:
        'attribute_exists(codeHash) AND attempts < :max AND expiresAt > :now AND ' +
        '(attribute_not_exists(purpose) OR purpose = :purpose)',
      ExpressionAttributeValues: {
        ':one': 1,
        ':max': 5,
        ':now': expect.any(Number),
        ':purpose': 'VERIFY_EMAIL',
      },
    });
  });

  it('marks the Cognito email verified, then moves the account with one conditional update, leaving the code', async () => {
    givenTryCounted();
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    givenAccountMoves();

    await verify();

    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]?.args[0].input).toEqual({
      UserPoolId: TEST_ENVIRONMENT.USER_POOL_ID,
      Username: EMAIL,
      UserAttributes: [
        { Name: 'email', Value: EMAIL },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    const [tryCount, ownerClaim, accountUpdate, ...more] = dynamo.calls().map((call) => call.args[0]);
    expect(more).toEqual([]);
    expect((tryCount as UpdateCommand).input.Key).toEqual({ pk: `EMAIL#${EMAIL}`, sk: 'CODE' });
    // The address item names who proved the mailbox: claimed unless another user owns it.
    expect(ownerClaim).toBeInstanceOf(PutCommand);
    expect((ownerClaim as PutCommand).input).toMatchObject({
      Item: { pk: `EMAIL#${EMAIL}`, sk: 'OWNER', entity: 'ADDRESS_OWNER', email: EMAIL, userId: SUB },
      ConditionExpression: 'attribute_not_exists(pk) OR userId = :me',
      ExpressionAttributeValues: { ':me': SUB },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(accountUpdate).toBeInstanceOf(UpdateCommand);
    expect((accountUpdate as UpdateCommand).input).toEqual({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      Key: ACCOUNT_KEY,
      // The same write records that the address item names the account (reconciliation's backfill skips it).
      UpdateExpression:
        'SET #state = :to, updatedAt = :at, revision = revision + :one, ownsAddressItem = :owns',
      ConditionExpression: '#state = :from',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':from': 'VERIFY_EMAIL',
        ':to': 'CHOOSE_ACCESS_TYPE',
        ':at': expect.any(String),
        ':one': 1,
        ':owns': true,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });
});

const OLD_SUB = '7f3c0f1e-0000-4000-8000-00000000old0';

function storedAccount(userId: string, state: string, revision: number, extra: Record<string, unknown> = {}) {
  return {
    pk: `USER#${userId}`,
    sk: 'PROFILE',
    entity: 'ACCOUNT',
    userId,
    email: EMAIL,
    emailDomain: 'acme.example',
    emailDomainKind: 'WORK',
    firstName: 'Ada',
    lastName: 'Lovelace',
    country: 'GB',
    state,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:05:00.000Z',
    revision,
    ...extra,
  };
}

describe('POST /v1/signup/verify of an address whose old account lost its Cognito user (issue 21)', () => {
  it('re-links the old account to the new sign-in in one transaction: account, membership, groups, owner', async () => {
    givenTryCounted();
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    dynamo.on(PutCommand, { Item: { sk: 'OWNER' } }).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({ pk: `EMAIL#${EMAIL}`, sk: 'OWNER', email: EMAIL, userId: OLD_SUB }),
      }),
    );
    dynamo.on(GetCommand, { Key: { pk: `USER#${OLD_SUB}`, sk: 'PROFILE' } }).resolves({
      Item: storedAccount(OLD_SUB, 'ACTIVE', 6, {
        accessType: 'CUSTOMER_EMPLOYEE',
        organizationId: 'org-acme',
        organizationName: 'Acme',
        role: 'ADMINISTRATOR',
      }),
    });
    dynamo.on(GetCommand, { Key: ACCOUNT_KEY }).resolves({ Item: storedAccount(SUB, 'VERIFY_EMAIL', 1) });
    cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ message: 'gone', $metadata: {} }));
    const member = {
      pk: 'ORG#org-acme',
      sk: `MEMBER#${OLD_SUB}`,
      entity: 'MEMBERSHIP',
      organizationId: 'org-acme',
      userId: OLD_SUB,
      role: 'ADMINISTRATOR',
      joinedAt: '2026-11-01T00:05:00.000Z',
    };
    dynamo
      .on(GetCommand, { Key: { pk: 'ORG#org-acme', sk: `MEMBER#${OLD_SUB}` } })
      .resolves({ Item: member });
    const group = {
      pk: 'ORG#org-acme',
      sk: `GROUP#${OLD_SUB}#grp-1`,
      groupId: 'grp-1',
      organizationId: 'org-acme',
      ownerId: OLD_SUB,
      revision: 2,
    };
    dynamo.on(QueryCommand).resolves({ Items: [group] });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await verify();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ email: EMAIL, state: 'ACTIVE', accessLevel: 'FULL' });
    expect(cognito.commandCalls(AdminGetUserCommand)[0]?.args[0].input.Username).toBe(OLD_SUB);
    const [transaction, ...others] = dynamo.commandCalls(TransactWriteCommand);
    expect(others).toEqual([]);
    const writes = transaction?.args[0].input.TransactItems ?? [];
    expect(writes).toHaveLength(7);
    expect(writes[0]?.Delete).toMatchObject({
      Key: { pk: `USER#${OLD_SUB}`, sk: 'PROFILE' },
      ExpressionAttributeValues: { ':expected': 6 },
    });
    expect(writes[1]?.Put).toMatchObject({
      Item: {
        ...ACCOUNT_KEY,
        userId: SUB,
        state: 'ACTIVE',
        role: 'ADMINISTRATOR',
        organizationId: 'org-acme',
        revision: 2,
      },
      ConditionExpression: 'revision = :expected AND #state = :unverified',
      ExpressionAttributeValues: { ':expected': 1, ':unverified': 'VERIFY_EMAIL' },
    });
    expect(writes[2]?.Put).toMatchObject({
      Item: { pk: `EMAIL#${EMAIL}`, sk: 'OWNER', userId: SUB },
      ConditionExpression: 'userId = :previous',
      ExpressionAttributeValues: { ':previous': OLD_SUB },
    });
    expect(writes[3]?.Delete?.Key).toEqual({ pk: 'ORG#org-acme', sk: `MEMBER#${OLD_SUB}` });
    expect(writes[4]?.Put?.Item).toEqual({ ...member, sk: `MEMBER#${SUB}`, userId: SUB });
    expect(writes[5]?.Delete?.Key).toEqual({ pk: 'ORG#org-acme', sk: `GROUP#${OLD_SUB}#grp-1` });
    expect(writes[6]?.Put?.Item).toEqual({ ...group, sk: `GROUP#${SUB}#grp-1`, ownerId: SUB });
    // The organization's counts are not touched: the seat moves, nobody joins or leaves.
    expect(writes.some((write) => write.Update)).toBe(false);
  });

  it("moves the requester of the old account's open organization request to the new sign-in, in the same transaction", async () => {
    givenTryCounted();
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    dynamo.on(PutCommand, { Item: { sk: 'OWNER' } }).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({ pk: `EMAIL#${EMAIL}`, sk: 'OWNER', email: EMAIL, userId: OLD_SUB }),
      }),
    );
    dynamo.on(GetCommand, { Key: { pk: `USER#${OLD_SUB}`, sk: 'PROFILE' } }).resolves({
      Item: storedAccount(OLD_SUB, 'PENDING_ORGANIZATION', 5, {
        accessType: 'CUSTOMER_EMPLOYEE',
        organizationRequestId: REQUEST_ID,
      }),
    });
    dynamo.on(GetCommand, { Key: ACCOUNT_KEY }).resolves({ Item: storedAccount(SUB, 'VERIFY_EMAIL', 1) });
    cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ message: 'gone', $metadata: {} }));
    const request = storedRequest();
    const requester = request.requesters[0]!;
    dynamo.on(GetCommand, { Key: { pk: `ORGREQ#${REQUEST_ID}`, sk: 'REQUEST' } }).resolves({
      Item: {
        pk: `ORGREQ#${REQUEST_ID}`,
        sk: 'REQUEST',
        ...request,
        requesters: [{ ...requester, userId: OLD_SUB, email: EMAIL }],
        acknowledged: [OLD_SUB],
        revision: 3,
      },
    });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await verify();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ state: 'PENDING_ORGANIZATION' });
    const writes = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    // The account's three writes (no membership yet), then the request's requester moved.
    expect(writes).toHaveLength(4);
    expect(writes[3]?.Update).toMatchObject({
      Key: { pk: `ORGREQ#${REQUEST_ID}`, sk: 'REQUEST' },
      UpdateExpression:
        'SET requesters = :requesters, acknowledged = :acknowledged, notified = :notified, history = :history, updatedAt = :at, revision = :revision',
      ConditionExpression: 'revision = :read',
      ExpressionAttributeValues: {
        ':requesters': [{ ...requester, userId: SUB, email: EMAIL }],
        ':acknowledged': [SUB],
        ':notified': [],
        ':revision': 4,
        ':read': 3,
      },
    });
    const history = writes[3]?.Update?.ExpressionAttributeValues?.[':history'] as { event: string }[];
    expect(history.at(-1)).toMatchObject({ event: 'REQUESTER_RELINKED', by: EMAIL });
  });

  it('takes a stale address item over (its owner has another address now) and verifies as usual', async () => {
    givenTryCounted();
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    dynamo
      .on(PutCommand, { Item: { sk: 'OWNER' } })
      .rejectsOnce(
        new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: marshall({ pk: `EMAIL#${EMAIL}`, sk: 'OWNER', email: EMAIL, userId: OLD_SUB }),
        }),
      )
      .resolves({});
    dynamo.on(GetCommand, { Key: { pk: `USER#${OLD_SUB}`, sk: 'PROFILE' } }).resolves({
      Item: { ...storedAccount(OLD_SUB, 'ACTIVE', 6), email: 'ada@elsewhere.example' },
    });
    dynamo.on(GetCommand, { Key: ACCOUNT_KEY }).resolves({ Item: storedAccount(SUB, 'VERIFY_EMAIL', 1) });
    givenAccountMoves();

    const response = await verify();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ state: 'CHOOSE_ACCESS_TYPE' });
    expect(cognito.commandCalls(AdminGetUserCommand)).toEqual([]);
    const takeOver = dynamo.commandCalls(PutCommand)[1]?.args[0].input;
    expect(takeOver).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk) OR userId = :me OR userId = :replacing',
      ExpressionAttributeValues: { ':me': SUB, ':replacing': OLD_SUB },
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });
});

describe('POST /v1/signup/verify with the right code again, after the account was verified', () => {
  it('answers 200 with where the account stands, without a second write', async () => {
    givenTryCounted(liveCode({ attempts: 2 }));
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    givenAccountIn('REGISTER_BUSINESS');

    const response = await verify();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({
      email: EMAIL,
      emailVerified: true,
      state: 'REGISTER_BUSINESS',
      accessLevel: 'LIMITED',
      nextStep: expect.objectContaining({ step: 'REGISTER_BUSINESS', path: '/v1/me/registration' }),
    });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(2);
  });

  it('answers 409 verification-conflict when no account waits for the code', async () => {
    givenTryCounted();
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    dynamo
      .on(UpdateCommand, { Key: ACCOUNT_KEY })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    const response = await verify();

    expect(problemOf(response, 409).type).toBe('/problems/verification-conflict');
  });
});

describe('POST /v1/signup/verify when DynamoDB fails after Cognito', () => {
  it('answers 503 and gives the try back, so the same code finishes the job on retry', async () => {
    givenTryCounted(liveCode({ attempts: 1 }));
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    dynamo
      .on(UpdateCommand, { Key: ACCOUNT_KEY })
      .rejects(
        Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server' }),
      );

    const response = await verify();

    expect(problemOf(response, 503).type).toBe('/problems/service-unavailable');
    const release = dynamo
      .commandCalls(UpdateCommand)
      .map((call) => call.args[0].input)
      .at(-1);
    expect(release).toMatchObject({
      Key: { pk: `EMAIL#${EMAIL}`, sk: 'CODE' },
      UpdateExpression: 'SET attempts = attempts - :one',
    });
  });
});

describe('POST /v1/signup/verify with a code that cannot be accepted', () => {
  it('answers 400 invalid-code with the tries left for a wrong code, touching nothing else', async () => {
    givenTryCounted(liveCode({ attempts: 2 }));

    const response = await verify({ email: EMAIL, code: '000000' });

    expect(problemOf(response, 400)).toMatchObject({ type: '/problems/invalid-code', attemptsRemaining: 3 });
    expect(cognito.calls()).toEqual([]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('answers 400 code-attempts-exhausted once five tries were made', async () => {
    givenTryRefused(liveCode({ attempts: 5 }));

    const response = await verify();

    expect(problemOf(response, 400).type).toBe('/problems/code-attempts-exhausted');
    expect(cognito.calls()).toEqual([]);
  });

  it('answers 400 code-expired for an expired code', async () => {
    givenTryRefused(liveCode({ expiresAt: Date.now() - 1 }));

    const response = await verify();

    expect(problemOf(response, 400).type).toBe('/problems/code-expired');
  });

  it('answers 400 code-expired for an address that has no code at all', async () => {
    dynamo
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    const response = await verify({ email: 'nobody@acme.example', code: CODE });

    expect(problemOf(response, 400)).toMatchObject({
      type: '/problems/code-expired',
      detail: expect.stringContaining('no valid code'),
    });
  });
});

describe('POST /v1/signup/verify when Cognito is failing', () => {
  it('answers 503 and gives the try back, so the code still works', async () => {
    givenTryCounted(liveCode({ attempts: 1 }));
    cognito
      .on(AdminUpdateUserAttributesCommand)
      .rejects(new InternalErrorException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } }));

    const response = await verify();

    expect(problemOf(response, 503).detail).toContain('code still works');
    const updates = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({
      Key: { pk: `EMAIL#${EMAIL}`, sk: 'CODE' },
      UpdateExpression: 'SET attempts = attempts - :one',
      ConditionExpression: 'codeHash = :hash AND attempts > :zero',
      ExpressionAttributeValues: { ':hash': codeHashOf(EMAIL, CODE) },
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });
});

describe('POST /v1/signup/verify with a body that is not valid', () => {
  it('answers 400 naming the code field when the code is not six digits', async () => {
    const response = await verify({ email: EMAIL, code: '12345' });

    expect(problemOf(response, 400).errors).toEqual([
      { pointer: '/code', detail: 'must be the 6-digit code from the email' },
    ]);
    expect(dynamo.calls()).toEqual([]);
  });
});
