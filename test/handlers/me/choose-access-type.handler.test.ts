import '../environment';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/me/choose-access-type.handler';
import { routes } from '../../../functions/routes';
import { dynamo, items, resetAws } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, type Claims, jsonBody, lambdaContext, problemOf } from '../events';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { storedAccount, storedOrganization } from '../fixtures';

function choose(accessType: string, claims: Claims = ADA_CLAIMS, headers: Record<string, string> = {}) {
  return handler(
    apiEvent(routes.chooseAccessType, { body: { accessType }, claims, headers }),
    lambdaContext('portico-chooseAccessType'),
  );
}

beforeEach(() => {
  resetAws();
});

describe('PUT /v1/me/access-type', () => {
  it('answers 200 with the account moved on to REGISTER_BUSINESS', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(storedAccount()) });
    dynamo.on(PutCommand).resolves({});

    const response = await choose('CUSTOMER_EMPLOYEE');

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      state: 'REGISTER_BUSINESS',
      accessType: 'CUSTOMER_EMPLOYEE',
      nextStep: { step: 'REGISTER_BUSINESS', method: 'PUT', path: '/v1/me/registration' },
    });
  });

  it('writes the account only if nobody changed it since it was read', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(storedAccount({ revision: 2 })) });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(PutCommand).resolves({});

    await choose('PARTNER');

    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': 2 },
      Item: {
        pk: `USER#${ADA_CLAIMS.sub}`,
        sk: 'PROFILE',
        state: 'PARTNER_REFERRED',
        accessType: 'PARTNER',
        revision: 3,
      },
    });
  });

  it('leaves the reminder entry where it was scheduled, so the byDue index is not written', async () => {
    const reminderDueAt = '2025-03-05T09:00:00.000Z';
    const account = storedAccount({ state: 'CHOOSE_ACCESS_TYPE', reminderDueAt });
    dynamo.on(GetCommand).resolves({
      Item: {
        ...items.account(account),
        ...keys.due('ONBOARDING_REMINDER', account.userId, new Date(reminderDueAt)),
      },
    });
    dynamo.on(PutCommand).resolves({});

    await choose('CUSTOMER_EMPLOYEE');

    const item = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(item).toMatchObject({
      state: 'REGISTER_BUSINESS',
      reminderDueAt,
      ...keys.due('ONBOARDING_REMINDER', account.userId, new Date(reminderDueAt)),
    });
    expect(item?.updatedAt).not.toBe(account.updatedAt);
  });

  it('schedules the reminder of an account that had none from its last change', async () => {
    const account = storedAccount({ state: 'CHOOSE_ACCESS_TYPE', remindedIn: 'CHOOSE_ACCESS_TYPE' });
    dynamo.on(GetCommand).resolves({ Item: items.account(account) });
    dynamo.on(PutCommand).resolves({});

    await choose('CUSTOMER_EMPLOYEE');

    const item = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    // REMINDER_AFTER_SECONDS is not set in the handlers' environment: its default, 48 hours.
    const dueAt = new Date(Date.parse(String(item.updatedAt)) + 172_800_000);
    expect(item).toMatchObject({
      reminderDueAt: dueAt.toISOString(),
      ...keys.due('ONBOARDING_REMINDER', account.userId, dueAt),
    });
  });

  it('answers 409 concurrent-update when the conditional write fails', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(storedAccount()) });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );

    expect(problemOf(await choose('PARTNER'), 409).type).toBe('/problems/concurrent-update');
  });

  it('answers 403 email-not-verified for an unverified account, writing nothing', async () => {
    dynamo
      .on(GetCommand)
      .resolves({ Item: items.account(storedAccount({ state: 'VERIFY_EMAIL', revision: 1 })) });

    const problem = problemOf(await choose('CUSTOMER_EMPLOYEE'), 403);

    expect(problem).toMatchObject({
      type: '/problems/email-not-verified',
      nextStep: { step: 'VERIFY_EMAIL' },
    });
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });

  it('says the 403’s next step in the account’s language (Japanese claim), else Accept-Language (French)', async () => {
    dynamo
      .on(GetCommand)
      .resolves({ Item: items.account(storedAccount({ state: 'VERIFY_EMAIL', revision: 1 })) });

    const japanese = problemOf(
      await choose('CUSTOMER_EMPLOYEE', { ...ADA_CLAIMS, locale: 'ja' }, { 'Accept-Language': 'fr' }),
      403,
    );

    expect(japanese).toMatchObject({
      type: '/problems/email-not-verified',
      title: 'アクセスが拒否されました',
      nextStep: {
        step: 'VERIFY_EMAIL',
        method: 'POST',
        path: '/v1/signup/verify',
        description:
          'メールでお送りした6桁のコードを入力してください（POST /v1/signup/resend で新しいコードを送信できます）。',
      },
    });

    const french = problemOf(await choose('CUSTOMER_EMPLOYEE', ADA_CLAIMS, { 'Accept-Language': 'fr' }), 403);

    expect(french).toMatchObject({
      detail: 'Vérifiez d’abord votre adresse e-mail.',
      nextStep: {
        step: 'VERIFY_EMAIL',
        description:
          'Saisissez le code à 6 chiffres que nous vous avons envoyé par e-mail (POST /v1/signup/resend en envoie un nouveau).',
      },
    });
  });

  it('links a partner to the partner organization owning the domain, found with one byEmailDomain query', async () => {
    const partner = storedOrganization({ organizationId: 'org-acme-partner', kind: 'PARTNER' });
    dynamo.on(GetCommand).resolves({ Item: items.account(storedAccount()) });
    dynamo.on(QueryCommand).resolves({
      Items: [
        {
          ...keys.organizationDomain(partner.organizationId, 'acme.example'),
          ...keys.domainIndex('acme.example', partner.organizationId),
          entity: 'ORGANIZATION_DOMAIN',
          ...partner,
        },
      ],
    });
    dynamo.on(PutCommand).resolves({});

    const response = await choose('PARTNER');

    expect(response.statusCode).toBe(200);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'byEmailDomain',
      ExpressionAttributeValues: { ':pk': 'DOMAIN#acme.example' },
    });
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      state: 'PARTNER_REFERRED',
      partnerOrganization: { organizationId: 'org-acme-partner', name: partner.name },
    });
  });

  it('answers 400 for an access type that does not exist', async () => {
    const problem = problemOf(await choose('ADMINISTRATOR'), 400);

    expect(problem).toMatchObject({
      type: '/problems/validation-error',
      errors: [{ pointer: '/accessType' }],
    });
    expect(dynamo.calls()).toEqual([]);
  });
});
