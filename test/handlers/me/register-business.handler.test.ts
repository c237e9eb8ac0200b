import '../environment';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler } from '../../../functions/me/register-business.handler';
import { routes } from '../../../functions/routes';
import { dynamo, items, resetAws, ses, givenNoSuppressions } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf } from '../events';
import { REGISTRATION, storedAccount, storedOrganization } from '../fixtures';

const CUSTOMER_EMPLOYEE = storedAccount({
  state: 'REGISTER_BUSINESS',
  accessType: 'CUSTOMER_EMPLOYEE',
  revision: 3,
});

function register(body: unknown = REGISTRATION) {
  return handler(
    apiEvent(routes.registerBusiness, { body, claims: ADA_CLAIMS }),
    lambdaContext('portico-registerBusiness'),
  );
}

function domainItem(organizationId: string, name: string) {
  const organization = storedOrganization({ organizationId, name });
  return {
    ...keys.organizationDomain(organizationId, 'acme.example'),
    ...keys.domainIndex('acme.example', organizationId),
    entity: 'ORGANIZATION_DOMAIN',
    ...organization,
  };
}

/** The organization profile, read for its count of administrators (Acme has one unless told otherwise). */
function profileOfAcme(administratorCount?: number) {
  dynamo
    .on(GetCommand, { Key: keys.organization('org-acme') })
    .resolves({ Item: items.organization(storedOrganization({ administratorCount })) });
}

beforeEach(() => {
  resetAws();
});

describe('PUT /v1/me/registration when one organization owns the domain', () => {
  it('answers 200 ACTIVE after emailing the confirmation and saving account and membership together', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(CUSTOMER_EMPLOYEE) });
    givenNoSuppressions();
    profileOfAcme(1);
    dynamo.on(QueryCommand).resolves({ Items: [domainItem('org-acme', 'Acme Industries')] });
    dynamo.on(TransactWriteCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'message-4' });

    const response = await register();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      outcome: 'ACTIVE',
      account: { state: 'ACTIVE', accessLevel: 'FULL', organization: { organizationId: 'org-acme' } },
    });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toMatchObject({
      Destination: { ToAddresses: ['ada@acme.example'] },
      Content: { Simple: { Subject: { Data: 'Your business account with Acme Industries is active' } } },
    });
    const [accountPut, membershipPut, organizationUpdate] =
      dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(accountPut?.Put).toMatchObject({
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': 3 },
      Item: { pk: `USER#${ADA_CLAIMS.sub}`, state: 'ACTIVE', organizationId: 'org-acme', role: 'MEMBER' },
    });
    expect(membershipPut?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: 'ORG#org-acme', sk: `MEMBER#${ADA_CLAIMS.sub}`, role: 'MEMBER' },
    });
    expect(organizationUpdate?.Update).toMatchObject({
      Key: { pk: 'ORG#org-acme', sk: 'PROFILE' },
      UpdateExpression: 'ADD memberCount :one',
      ConditionExpression:
        '#status = :active AND administratorCount > :zero AND (attribute_not_exists(#policy) OR #policy = :automatic)',
      ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':active': 'ACTIVE', ':automatic': 'AUTOMATIC' },
    });
    // A member joins without the profile being read: the condition checks its administrator. The other read
    // is the suppression list's, before the confirmation email.
    expect(dynamo.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([
      keys.user(ADA_CLAIMS.sub),
      keys.suppression('ada@acme.example'),
    ]);
  });

  it('makes the first person to join an organization without an administrator its ADMINISTRATOR', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(CUSTOMER_EMPLOYEE) });
    givenNoSuppressions();
    profileOfAcme(undefined);
    dynamo.on(QueryCommand).resolves({ Items: [domainItem('org-acme', 'Acme Industries')] });
    // Joining as a member is refused by the organization's condition: it has no administrator yet.
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
        }),
      )
      .resolves({});
    ses.on(SendEmailCommand).resolves({});

    const response = await register();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ account: { organization: { role: 'ADMINISTRATOR' } } });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const [asMember, asAdministrator, ...more] = dynamo.commandCalls(TransactWriteCommand);
    expect(more).toEqual([]);
    expect(asMember?.args[0].input.TransactItems?.[0]?.Put?.Item).toMatchObject({ role: 'MEMBER' });
    const [accountPut, membershipPut, organizationUpdate] =
      asAdministrator?.args[0].input.TransactItems ?? [];
    expect(accountPut?.Put?.Item).toMatchObject({ role: 'ADMINISTRATOR' });
    expect(membershipPut?.Put?.Item).toMatchObject({ role: 'ADMINISTRATOR' });
    expect(organizationUpdate?.Update).toMatchObject({
      UpdateExpression: 'ADD memberCount :one, administratorCount :one',
      ConditionExpression:
        '#status = :active AND (attribute_not_exists(administratorCount) OR administratorCount = :zero) AND (attribute_not_exists(#policy) OR #policy = :automatic)',
      ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':active': 'ACTIVE', ':automatic': 'AUTOMATIC' },
    });
  });

  it('finds the owners with one query on the email-domain index', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(CUSTOMER_EMPLOYEE) });
    givenNoSuppressions();
    profileOfAcme(1);
    dynamo.on(QueryCommand).resolves({ Items: [domainItem('org-acme', 'Acme Industries')] });
    dynamo.on(TransactWriteCommand).resolves({});
    ses.on(SendEmailCommand).resolves({});

    await register();

    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      expect.objectContaining({
        TableName: TEST_ENVIRONMENT.TABLE_NAME,
        IndexName: 'byEmailDomain',
        ExpressionAttributeValues: { ':pk': 'DOMAIN#acme.example' },
      }),
    ]);
  });

  it('answers 503 when SES fails, saving nothing', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(CUSTOMER_EMPLOYEE) });
    givenNoSuppressions();
    profileOfAcme(1);
    dynamo.on(QueryCommand).resolves({ Items: [domainItem('org-acme', 'Acme Industries')] });
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Daily sending quota exceeded'), { name: 'LimitExceededException' }));

    const response = await register();

    expect(problemOf(response, 503).detail).toContain('Nothing was saved');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });
});

describe('PUT /v1/me/registration when several or no organizations own the domain', () => {
  it('answers 200 CHOOSE_ORGANIZATION with the candidates, saving only the account', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(CUSTOMER_EMPLOYEE) });
    givenNoSuppressions();
    dynamo.on(QueryCommand).resolves({
      Items: [domainItem('org-rail', 'Acme Rail'), domainItem('org-energy', 'Acme Energy')],
    });
    dynamo.on(PutCommand).resolves({});

    const response = await register();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      outcome: 'CHOOSE_ORGANIZATION',
      candidates: [
        { organizationId: 'org-energy', name: 'Acme Energy' },
        { organizationId: 'org-rail', name: 'Acme Rail' },
      ],
    });
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      state: 'CHOOSE_ORGANIZATION',
    });
    expect(ses.calls()).toEqual([]);
  });

  it('answers 200 ORGANIZATION_REQUIRED when nobody owns the domain', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(CUSTOMER_EMPLOYEE) });
    givenNoSuppressions();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(PutCommand).resolves({});

    const response = await register();

    expect(jsonBody(response)).toMatchObject({
      outcome: 'ORGANIZATION_REQUIRED',
      account: { accessLevel: 'LIMITED' },
    });
  });
});

describe('PUT /v1/me/registration refusals', () => {
  it('answers 422 work-email-required for a personal address, before any lookup', async () => {
    dynamo.on(GetCommand).resolves({
      Item: items.account({ ...CUSTOMER_EMPLOYEE, emailDomain: 'gmail.com', emailDomainKind: 'PERSONAL' }),
    });
    givenNoSuppressions();

    const problem = problemOf(await register(), 422);

    expect(problem).toMatchObject({
      type: '/problems/work-email-required',
      emailDomain: 'gmail.com',
      emailDomainKind: 'PERSONAL',
      detail: expect.stringContaining('work email'),
    });
    expect(dynamo.commandCalls(QueryCommand)).toEqual([]);
  });

  it('answers 400 with the nested pointer for an unknown address field', async () => {
    const response = await register({ ...REGISTRATION, address: { ...REGISTRATION.address, floor: '3' } });

    expect(problemOf(response, 400).errors).toEqual([
      { pointer: '/address/floor', detail: 'is not a known field' },
    ]);
  });
});
