import '../environment';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/me/choose-locale.handler';
import { routes } from '../../../functions/routes';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { AdminUpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognito, dynamo, items, resetAws } from '../aws';
import { storedAccount } from '../fixtures';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf } from '../events';

const SUB = '7f3c0f1e-0000-4000-8000-000000000ada';
const ACCOUNT = {
  pk: `USER#${SUB}`,
  sk: 'PROFILE',
  userId: SUB,
  email: 'ada@acme.example',
  emailDomain: 'acme.example',
  emailDomainKind: 'WORK',
  firstName: 'Ada',
  lastName: 'Lovelace',
  country: 'GB',
  state: 'CHOOSE_ACCESS_TYPE',
  createdAt: '2025-03-01T09:00:00.000Z',
  updatedAt: '2025-03-01T09:00:00.000Z',
  revision: 3,
};
const CLAIMS = { sub: SUB, email: 'ada@acme.example', email_verified: 'true', token_use: 'id' };

function chooseLocale(body: unknown, headers: Record<string, string> = {}) {
  return handler(
    apiEvent(routes.chooseLocale, { body, claims: CLAIMS, headers }),
    lambdaContext('portico-chooseLocale'),
  );
}

beforeEach(() => {
  resetAws();
});

describe('PUT /v1/me/locale', () => {
  it('stores the new locale with the revision guard and answers the account with it', async () => {
    dynamo.on(GetCommand).resolves({ Item: ACCOUNT });
    dynamo.on(PutCommand).resolves({});

    const response = await chooseLocale({ locale: 'ja' });

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ userId: SUB, locale: 'ja', state: 'CHOOSE_ACCESS_TYPE' });
    const [put] = dynamo.commandCalls(PutCommand);
    expect(put?.args[0].input.Item).toMatchObject({ locale: 'ja', revision: 4 });
    // The ID token's `locale` claim follows the account (Cognito's locale attribute).
    const [update] = cognito.commandCalls(AdminUpdateUserAttributesCommand);
    expect(update?.args[0].input).toMatchObject({
      Username: SUB,
      UserAttributes: [{ Name: 'locale', Value: 'ja' }],
    });
  });

  it('sets the claim again for the language the account has already (a retry after Cognito failed)', async () => {
    dynamo.on(GetCommand).resolves({ Item: { ...ACCOUNT, locale: 'fr' } });

    const response = await chooseLocale({ locale: 'fr' });

    expect(response.statusCode).toBe(200);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]?.args[0].input.UserAttributes).toEqual([
      { Name: 'locale', Value: 'fr' },
    ]);
  });

  it("copies a member's locale onto their membership in the same transaction (emails sent from member lists)", async () => {
    const member = storedAccount({
      state: 'ACTIVE',
      accessType: 'CUSTOMER_EMPLOYEE',
      organizationId: 'org-acme',
      role: 'ADMINISTRATOR',
      revision: 3,
    });
    dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(member) });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await handler(
      apiEvent(routes.chooseLocale, { body: { locale: 'de' }, claims: ADA_CLAIMS }),
      lambdaContext('portico-chooseLocale'),
    );

    expect(response.statusCode).toBe(200);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    const transactItems = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(transactItems[0]?.Put?.Item).toMatchObject({
      ...keys.user(ADA_CLAIMS.sub),
      locale: 'de',
      revision: 4,
    });
    expect(transactItems[0]?.Put?.ConditionExpression).toBe('revision = :expected');
    expect(transactItems[1]?.Update).toMatchObject({
      Key: keys.membership('org-acme', ADA_CLAIMS.sub),
      UpdateExpression: 'SET locale = :locale',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':locale': 'de' },
    });
  });

  it('writes nothing when the account already has that locale (an account from before locales is en)', async () => {
    dynamo.on(GetCommand).resolves({ Item: ACCOUNT });

    const response = await chooseLocale({ locale: 'en' }, { 'Accept-Language': 'fr' });

    // An account without a stored locale reads as en: choosing en is a no-op write.
    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ locale: 'en' });
  });

  it('refuses a language Portico does not speak, naming the field, in the request’s language', async () => {
    const response = await chooseLocale({ locale: 'es' }, { 'Accept-Language': 'fr' });

    expect(problemOf(response, 400)).toMatchObject({
      title: 'La requête n’est pas valide',
      errors: [{ pointer: '/locale', detail: 'doit être l’une des valeurs en, fr, de, ja' }],
    });
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });

  it('answers 409 when the account changed meanwhile', async () => {
    dynamo.on(GetCommand).resolves({ Item: ACCOUNT });
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'changed', $metadata: {} }));

    const response = await chooseLocale({ locale: 'de' });

    expect(problemOf(response, 409)).toMatchObject({ type: '/problems/concurrent-update' });
  });

  it('answers 404 in the request’s language when there is no account', async () => {
    dynamo.on(GetCommand).resolves({});

    const response = await chooseLocale({ locale: 'de' }, { 'Accept-Language': 'de' });

    expect(problemOf(response, 404)).toMatchObject({
      title: 'Nicht gefunden',
      detail: 'Zu dieser Anmeldung gehört kein Portico-Konto. Bitte registrieren Sie sich zuerst.',
    });
  });
});
