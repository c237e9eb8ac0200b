import '../environment';
import { AdminGetUserCommand, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CodeState } from '../../../functions/core/domain/one-time-code';
import { routes } from '../../../functions/routes';
import { handler } from '../../../functions/signup/resend-code.handler';
import { SIGN_UP_ACCEPTED } from '../../../functions/signup/sign-up.handler';
import { cognito, codeHashOf, dynamo, items, resetAws, scalarsIn, ses, givenNoSuppressions } from '../aws';
import { apiEvent, headerOf, jsonBody, lambdaContext, problemOf } from '../events';
import { storedAccount } from '../fixtures';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';

const EMAIL = 'ada@acme.example';
const SUB = '7f3c0f1e-0000-4000-8000-000000000ada';

function resend(email = EMAIL) {
  return handler(apiEvent(routes.resendCode, { body: { email } }), lambdaContext('portico-resendCode'));
}

function storedCode(sentSecondsAgo: number, overrides: Partial<CodeState> = {}): CodeState {
  return {
    email: EMAIL,
    userId: SUB,
    greetingName: 'Ada',
    codeHash: codeHashOf(EMAIL, '111111'),
    expiresAt: Date.now() + 60_000,
    attempts: 3,
    sentAt: [Date.now() - sentSecondsAgo * 1000],
    version: 4,
    ...overrides,
  };
}

/** The account record the sign-up wrote beside the code (resend only sends codes to accounts that exist). */
function givenAccountRecord(): void {
  dynamo
    .on(GetCommand, { Key: keys.user(SUB) })
    .resolves({ Item: items.account(storedAccount({ userId: SUB, email: EMAIL, state: 'VERIFY_EMAIL' })) });
}

function givenUnverifiedUser(): void {
  cognito.on(AdminGetUserCommand).resolves({
    Username: SUB,
    UserAttributes: [
      { Name: 'sub', Value: SUB },
      { Name: 'email_verified', Value: 'false' },
    ],
  });
}

beforeEach(() => {
  resetAws();
});

describe('POST /v1/signup/resend for an unverified address', () => {
  it('answers 202, replaces the code over the stored version and emails the new one', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.code(storedCode(90)) });
    givenNoSuppressions();
    givenAccountRecord();
    dynamo.on(PutCommand).resolves({});
    givenUnverifiedUser();
    ses.on(SendEmailCommand).resolves({ MessageId: 'message-3' });

    const response = await resend();

    expect(response.statusCode).toBe(202);
    expect(jsonBody(response)).toEqual(SIGN_UP_ACCEPTED);
    const subject = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Subject?.Data ?? '';
    const code = /(\d{6})$/.exec(subject)?.[1] ?? 'missing';
    const put = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      ConditionExpression: 'version = :previous',
      ExpressionAttributeValues: { ':previous': 4 },
      Item: { pk: `EMAIL#${EMAIL}`, codeHash: codeHashOf(EMAIL, code), attempts: 0, version: 5 },
    });
    expect(scalarsIn(put).filter((value) => String(value).includes(code))).toEqual([]);
  });
});

describe('POST /v1/signup/resend throttling', () => {
  it('answers 429 problem+json with Retry-After within a minute of the last send, sending nothing', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.code(storedCode(10)) });
    givenNoSuppressions();

    const response = await resend();

    const problem = problemOf(response, 429);
    const retryAfter = Number(headerOf(response, 'Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(49);
    expect(retryAfter).toBeLessThanOrEqual(50);
    expect(problem).toMatchObject({ type: '/problems/too-many-requests', retryAfterSeconds: retryAfter });
    expect(cognito.calls()).toEqual([]);
    expect(ses.calls()).toEqual([]);
  });
});

describe('POST /v1/signup/resend for an unknown address', () => {
  it('answers the same 202, records the send, and emails nothing', async () => {
    dynamo.on(GetCommand).resolves({});
    givenNoSuppressions();
    dynamo.on(PutCommand).resolves({});
    cognito
      .on(AdminGetUserCommand)
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));

    const response = await resend('nobody@acme.example');

    expect(response.statusCode).toBe(202);
    expect(jsonBody(response)).toEqual(SIGN_UP_ACCEPTED);
    expect(ses.calls()).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      pk: 'EMAIL#nobody@acme.example',
      sentAt: [expect.any(Number)],
      version: 1,
    });
  });
});

describe('POST /v1/signup/resend for an unverified user whose account record is missing', () => {
  it('answers the same 202 but sends no code (signing up again repairs such a user)', async () => {
    // Sign-up writes the account and a code naming it together: a code item that names no account is what
    // such a user can have (a send that carried no code), so the account is read, and found missing.
    dynamo
      .on(GetCommand)
      .resolves({ Item: items.code(storedCode(90, { userId: undefined, greetingName: undefined })) });
    dynamo.on(GetCommand, { Key: keys.user(SUB) }).resolves({});
    dynamo.on(PutCommand).resolves({});
    givenUnverifiedUser();

    const response = await resend();

    expect(response.statusCode).toBe(202);
    expect(jsonBody(response)).toEqual(SIGN_UP_ACCEPTED);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    // The send is counted for the throttle, but no new code is written.
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      codeHash: codeHashOf(EMAIL, '111111'),
      version: 5,
    });
  });
});

describe('POST /v1/signup/resend when SES fails', () => {
  it('answers 503 and puts the previous code state back', async () => {
    const previous = storedCode(90);
    dynamo.on(GetCommand).resolves({ Item: items.code(previous) });
    givenNoSuppressions();
    givenAccountRecord();
    dynamo.on(PutCommand).resolves({});
    givenUnverifiedUser();
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Throttling'), { name: 'TooManyRequestsException' }));

    const response = await resend();

    expect(problemOf(response, 503).type).toBe('/problems/service-unavailable');
    const [, restore] = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(restore).toMatchObject({
      ConditionExpression: 'version = :written',
      ExpressionAttributeValues: { ':written': 5 },
      Item: { codeHash: previous.codeHash, attempts: 3, version: 4 },
    });
  });
});

describe('POST /v1/signup/resend reads the account only when the code item does not name it', () => {
  it('greets from the code item, with one read of its own: the code (then the suppression list, to send)', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.code(storedCode(90, { greetingName: 'Ada' })) });
    givenNoSuppressions();
    dynamo.on(PutCommand).resolves({});
    givenUnverifiedUser();
    ses.on(SendEmailCommand).resolves({ MessageId: 'message-5' });

    expect((await resend()).statusCode).toBe(202);

    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([
      keys.code(EMAIL),
      keys.suppression(EMAIL),
    ]);
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toMatchObject({
      Content: { Simple: { Body: { Text: { Data: expect.stringContaining('Hello Ada,') } } } },
    });
  });

  it('reads the account when the code item carries no user, and sends nothing without one', async () => {
    dynamo.on(GetCommand).resolves({});
    givenNoSuppressions();
    dynamo
      .on(GetCommand, { Key: keys.code(EMAIL) })
      .resolves({ Item: items.code(storedCode(90, { userId: undefined, greetingName: undefined })) });
    dynamo.on(PutCommand).resolves({});
    givenUnverifiedUser();

    expect((await resend()).statusCode).toBe(202);

    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([
      keys.code(EMAIL),
      keys.user(SUB),
    ]);
    expect(ses.commandCalls(SendEmailCommand)).toEqual([]);
  });
});
