import '../environment';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  InternalErrorException,
  InvalidPasswordException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler, SIGN_UP_ACCEPTED } from '../../../functions/signup/sign-up.handler';
import { routes } from '../../../functions/routes';
import { cognito, codeHashOf, dynamo, resetAws, scalarsIn, ses } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { apiEvent, headerOf, jsonBody, lambdaContext, problemOf } from '../events';

const SIGN_UP = {
  email: 'Ada@Acme.Example',
  password: 'Correct-Horse-42',
  firstName: 'Ada',
  lastName: 'Lovelace',
  country: 'GB',
};
const EMAIL = 'ada@acme.example';
const SUB = '7f3c0f1e-0000-4000-8000-000000000ada';

function signUp(body: unknown = SIGN_UP) {
  return handler(apiEvent(routes.signUp, { body }), lambdaContext('portico-signUp'));
}

/** The code the (mocked) SES message carried. */
function emailedCode(): string {
  const [call] = ses.commandCalls(SendEmailCommand);
  const subject = call?.args[0].input.Content?.Simple?.Subject?.Data ?? '';
  const code = /(\d{6})$/.exec(subject)?.[1];
  if (!code) throw new Error(`no code in the subject "${subject}"`);
  return code;
}

function givenNewAddress(): void {
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
  cognito.on(AdminCreateUserCommand).resolves({
    User: { Username: SUB, Attributes: [{ Name: 'sub', Value: SUB }] },
  });
  cognito.on(AdminSetUserPasswordCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'message-1' });
}

beforeEach(() => {
  resetAws();
});

describe('POST /v1/signup for a new address', () => {
  it('answers 202 with the same body for every address', async () => {
    givenNewAddress();

    const response = await signUp();

    expect(response.statusCode).toBe(202);
    expect(headerOf(response, 'Content-Type')).toBe('application/json');
    expect(headerOf(response, 'Cache-Control')).toBe('no-store');
    expect(jsonBody(response)).toEqual(SIGN_UP_ACCEPTED);
  });

  it('creates the Cognito user with the invitation suppressed and an unverified email, then sets the password', async () => {
    givenNewAddress();

    await signUp();

    expect(cognito.commandCalls(AdminCreateUserCommand).map((call) => call.args[0].input)).toEqual([
      {
        UserPoolId: TEST_ENVIRONMENT.USER_POOL_ID,
        Username: EMAIL,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          // No email_verified: absent means unverified until the code proves the address.
          { Name: 'email', Value: EMAIL },
          { Name: 'given_name', Value: 'Ada' },
          { Name: 'family_name', Value: 'Lovelace' },
          // The account's language, so the ID token carries it (the `locale` claim localeOf reads).
          { Name: 'locale', Value: 'en' },
        ],
      },
    ]);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand).map((call) => call.args[0].input)).toEqual([
      {
        UserPoolId: TEST_ENVIRONMENT.USER_POOL_ID,
        Username: EMAIL,
        Password: 'Correct-Horse-42',
        Permanent: true,
      },
    ]);
  });

  it('writes the account, then the code item, as two conditional single-item writes (no transaction)', async () => {
    givenNewAddress();

    await signUp();

    const code = emailedCode();
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    const [accountPut, codePut, ...more] = dynamo.commandCalls(PutCommand);
    expect(more).toEqual([]);
    // The account first, so that a code item naming an account always has that account to verify.
    expect(accountPut?.args[0].input).toMatchObject({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      // A new account, or one still unverified; never a verified one.
      ConditionExpression: 'attribute_not_exists(pk) OR #state = :unverified',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':unverified': 'VERIFY_EMAIL' },
      Item: {
        pk: `USER#${SUB}`,
        sk: 'PROFILE',
        userId: SUB,
        email: EMAIL,
        emailDomain: 'acme.example',
        emailDomainKind: 'WORK',
        state: 'VERIFY_EMAIL',
        revision: 1,
      },
    });
    const codeWrite = codePut?.args[0].input;
    expect(codeWrite).toMatchObject({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `EMAIL#${EMAIL}`,
        sk: 'CODE',
        email: EMAIL,
        userId: SUB,
        codeHash: codeHashOf(EMAIL, code),
        attempts: 0,
        version: 1,
      },
    });
    expect(codeWrite?.Item?.codeHash).not.toBe(code);
    // Left to the table's TTL once it can neither be used nor throttle: no byDue entry, no purge job.
    const codeItem = codeWrite?.Item ?? {};
    expect(codeItem).not.toHaveProperty('duePk');
    expect(codeItem).not.toHaveProperty('dueSk');
    const [sentAt] = codeItem.sentAt as number[];
    const retainUntil = Math.max(Number(codeItem.expiresAt), Number(sentAt) + 3_600_000);
    expect(codeItem.expiresAtEpoch).toBe(Math.ceil(retainUntil / 1000));
  });

  it('writes the code item over the version it read when the address has a send log', async () => {
    givenNewAddress();
    dynamo.on(GetCommand).resolves({
      Item: {
        pk: `EMAIL#${EMAIL}`,
        sk: 'CODE',
        email: EMAIL,
        attempts: 0,
        sentAt: [Date.now() - 120_000],
        version: 3,
      },
    });

    await signUp();

    const [, codePut] = dynamo.commandCalls(PutCommand);
    expect(codePut?.args[0].input).toMatchObject({
      ConditionExpression: 'version = :previous',
      ExpressionAttributeValues: { ':previous': 3 },
      Item: { pk: `EMAIL#${EMAIL}`, sk: 'CODE', version: 4 },
    });
  });

  it('never writes the code or the password to DynamoDB', async () => {
    givenNewAddress();

    await signUp();

    const code = emailedCode();
    const written = dynamo.calls().flatMap((call) => scalarsIn(call.args[0].input));
    expect(written.filter((value) => String(value).includes(code))).toEqual([]);
    expect(written.filter((value) => String(value).includes(SIGN_UP.password))).toEqual([]);
  });

  it('emails the code to the normalized address from the configured sender', async () => {
    givenNewAddress();

    await signUp();

    const [call, ...more] = ses.commandCalls(SendEmailCommand);
    expect(more).toEqual([]);
    expect(call?.args[0].input).toMatchObject({
      FromEmailAddress: TEST_ENVIRONMENT.MAIL_FROM_ADDRESS,
      Destination: { ToAddresses: [EMAIL] },
      Content: {
        Simple: {
          Subject: { Data: expect.stringMatching(/^Your Portico verification code: \d{6}$/) },
          Body: { Text: { Data: expect.stringContaining('Hello Ada,') } },
        },
      },
    });
  });
});

describe('POST /v1/signup for an address with a verified account', () => {
  function givenVerifiedAddress(): void {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new UsernameExistsException({ message: 'User account already exists', $metadata: {} }));
    cognito.on(AdminGetUserCommand).resolves({
      Username: SUB,
      UserAttributes: [
        { Name: 'sub', Value: SUB },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    ses.on(SendEmailCommand).resolves({ MessageId: 'message-2' });
  }

  it('answers exactly as for a new address', async () => {
    givenVerifiedAddress();

    const response = await signUp();

    expect(response.statusCode).toBe(202);
    expect(jsonBody(response)).toEqual(SIGN_UP_ACCEPTED);
  });

  it('sends the "already have an account" email and changes neither password nor account', async () => {
    givenVerifiedAddress();

    await signUp();

    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Subject?.Data).toBe(
      'You already have a Portico account',
    );
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)).toEqual([]);
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)).toEqual([]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    const [put, ...more] = dynamo.commandCalls(PutCommand);
    expect(more).toEqual([]);
    expect(put?.args[0].input.Item).toMatchObject({ pk: `EMAIL#${EMAIL}`, sk: 'CODE', version: 1 });
    expect(put?.args[0].input.Item).not.toHaveProperty('codeHash');
  });
});

describe('POST /v1/signup when a dependency fails', () => {
  it('answers 503 problem+json when SES fails, and takes the recorded send back', async () => {
    givenNewAddress();
    dynamo.on(DeleteCommand).resolves({});
    ses
      .on(SendEmailCommand)
      .rejects(
        Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $fault: 'server' }),
      );

    const response = await signUp();

    const problem = problemOf(response, 503);
    expect(problem).toMatchObject({ type: '/problems/service-unavailable', retryAfterSeconds: 30 });
    expect(headerOf(response, 'Retry-After')).toBe('30');
    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: TEST_ENVIRONMENT.TABLE_NAME,
        Key: { pk: `EMAIL#${EMAIL}`, sk: 'CODE' },
        ConditionExpression: 'version = :written',
        ExpressionAttributeValues: { ':written': 1 },
      },
    ]);
  });

  it('answers 503 when Cognito is failing, before anything is written or sent', async () => {
    dynamo.on(GetCommand).resolves({});
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new InternalErrorException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } }));

    const response = await signUp();

    expect(problemOf(response, 503).type).toBe('/problems/service-unavailable');
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toEqual([]);
  });

  it('answers 503 and sends nothing when the code write fails after the account write', async () => {
    givenNewAddress();
    dynamo
      .on(PutCommand, { Item: { sk: 'CODE' } })
      .rejects(
        Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server' }),
      );

    const response = await signUp();

    expect(problemOf(response, 503).type).toBe('/problems/service-unavailable');
    // The account was written and waits, unverified; no send was recorded, so a retry is not throttled.
    const items = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(items[0]).toMatchObject({ pk: `USER#${SUB}`, state: 'VERIFY_EMAIL' });
    expect(items.slice(1).every((item) => item?.sk === 'CODE')).toBe(true);
    expect(dynamo.commandCalls(DeleteCommand)).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toEqual([]);
  });

  it('writes no code when the account was verified meanwhile, and sends the "already have an account" email', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    dynamo
      .on(PutCommand, { Item: { sk: 'PROFILE' } })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new UsernameExistsException({ message: 'User account already exists', $metadata: {} }));
    const user = (verified: boolean) => ({
      Username: SUB,
      UserAttributes: [
        { Name: 'sub', Value: SUB },
        ...(verified ? [{ Name: 'email_verified', Value: 'true' }] : []),
      ],
    });
    // Unverified when this sign-up looks; a racing verification then lands before its account write.
    cognito.on(AdminGetUserCommand).resolvesOnce(user(false)).resolves(user(true));
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'message-3' });

    const response = await signUp();

    expect(response.statusCode).toBe(202);
    expect(jsonBody(response)).toEqual(SIGN_UP_ACCEPTED);
    const items = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(items.map((item) => item?.sk)).toEqual(['PROFILE', 'CODE']);
    expect(items[1]).not.toHaveProperty('codeHash');
    const subjects = ses
      .commandCalls(SendEmailCommand)
      .map((call) => call.args[0].input.Content?.Simple?.Subject?.Data);
    expect(subjects).toEqual(['You already have a Portico account']);
  });

  it('answers 429 with Retry-After when a code went to the address less than a minute ago', async () => {
    dynamo.on(GetCommand).resolves({
      Item: {
        pk: `EMAIL#${EMAIL}`,
        sk: 'CODE',
        email: EMAIL,
        attempts: 0,
        sentAt: [Date.now() - 20_000],
        version: 1,
      },
    });

    const response = await signUp();

    const problem = problemOf(response, 429);
    expect(problem.type).toBe('/problems/too-many-requests');
    const retryAfter = Number(headerOf(response, 'Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(39);
    expect(retryAfter).toBeLessThanOrEqual(40);
    expect(problem.retryAfterSeconds).toBe(retryAfter);
    expect(cognito.calls()).toEqual([]);
  });

  it('answers 400 for a password Cognito refuses, naming the field', async () => {
    givenNewAddress();
    dynamo.on(DeleteCommand).resolves({});
    cognito
      .on(AdminSetUserPasswordCommand)
      .rejects(
        new InvalidPasswordException({ message: 'Password does not conform to policy', $metadata: {} }),
      );

    const response = await signUp();

    expect(problemOf(response, 400)).toMatchObject({
      type: '/problems/validation-error',
      errors: [{ pointer: '/password', detail: 'does not meet the password policy' }],
    });
  });
});

describe('POST /v1/signup with a body that is not valid', () => {
  it('answers 400 naming each weak-password rule', async () => {
    const response = await signUp({ ...SIGN_UP, password: 'short' });

    const problem = problemOf(response, 400);
    expect(problem.errors).toContainEqual({ pointer: '/password', detail: 'must be at least 12 characters' });
    expect(cognito.calls()).toEqual([]);
  });

  it('answers 400 (not 500) for a three-letter country code', async () => {
    const response = await signUp({ ...SIGN_UP, country: 'DEU' });

    expect(problemOf(response, 400).errors).toEqual([
      { pointer: '/country', detail: 'must be an ISO 3166-1 alpha-2 country code, e.g. "DE"' },
    ]);
  });
});

describe('POST /v1/signup: the account’s language', () => {
  function signUpWith(body: unknown, headers: Record<string, string> = {}) {
    return handler(apiEvent(routes.signUp, { body, headers }), lambdaContext('portico-signUp'));
  }
  function storedLocale(): unknown {
    const [accountPut] = dynamo.commandCalls(PutCommand);
    return (accountPut?.args[0].input.Item as Record<string, unknown> | undefined)?.locale;
  }
  function emailed() {
    const [call] = ses.commandCalls(SendEmailCommand);
    return call?.args[0].input.Content?.Simple;
  }

  it('takes the best match of Accept-Language, and emails the code in it', async () => {
    givenNewAddress();

    await signUpWith(SIGN_UP, { 'Accept-Language': 'fr-CA, en;q=0.5' });

    expect(storedLocale()).toBe('fr');
    expect(emailed()?.Subject?.Data).toMatch(/^Votre code de vérification Portico : \d{6}$/);
    expect(emailed()?.Body?.Text?.Data).toContain('Bonjour Ada,');
  });

  it('prefers the locale of the body to the header', async () => {
    givenNewAddress();

    await signUpWith({ ...SIGN_UP, locale: 'ja' }, { 'Accept-Language': 'de' });

    expect(storedLocale()).toBe('ja');
    expect(emailed()?.Subject?.Data).toMatch(/^Portico 確認コード: \d{6}$/);
  });

  it('falls back to English for a language Portico does not speak', async () => {
    givenNewAddress();

    await signUpWith(SIGN_UP, { 'Accept-Language': 'es-ES, it;q=0.8' });

    expect(storedLocale()).toBe('en');
    expect(emailed()?.Subject?.Data).toMatch(/^Your Portico verification code: \d{6}$/);
  });

  it('refuses a locale Portico does not speak, in the language of the request', async () => {
    const response = await signUpWith({ ...SIGN_UP, locale: 'es' }, { 'Accept-Language': 'de' });

    expect(problemOf(response, 400)).toMatchObject({
      type: '/problems/validation-error',
      title: 'Die Anfrage ist ungültig',
      detail: 'Einige Felder fehlen oder sind ungültig.',
      errors: [{ pointer: '/locale', detail: 'muss einer der Werte en, fr, de, ja sein' }],
    });
  });

  it('answers field errors in Japanese, zod’s own messages included', async () => {
    const response = await signUpWith(
      { ...SIGN_UP, email: 'not-an-address', firstName: 'x'.repeat(101), country: 'DEU', extra: 1 },
      { 'Accept-Language': 'ja' },
    );

    const problem = problemOf(response, 400);
    expect(problem).toMatchObject({ title: 'リクエストが正しくありません' });
    const errors = problem.errors as { pointer: string; detail: string }[];
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/email', detail: 'には有効なメールアドレスを指定してください' },
        { pointer: '/country', detail: expect.stringContaining('ISO 3166-1 alpha-2 の国コード') },
        { pointer: '/extra', detail: 'は不明な項目です' },
      ]),
    );
    const firstName = errors.find((error) => error.pointer === '/firstName')?.detail ?? '';
    expect(firstName).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});
