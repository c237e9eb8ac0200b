import '../environment';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler as registerBusiness } from '../../../functions/me/register-business.handler';
import { handler as getMembershipPolicy } from '../../../functions/portal/get-membership-policy.handler';
import { handler as setMembershipPolicy } from '../../../functions/portal/set-membership-policy.handler';
import { routes } from '../../../functions/routes';
import { dynamo, givenNoSuppressions, items, resetAws, ses } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf, type EventOptions } from '../events';
import { REGISTRATION, storedAccount, storedOrganization } from '../fixtures';

const TABLE = TEST_ENVIRONMENT.TABLE_NAME;
const ORG = 'org-acme';

function signedIn(role: 'MEMBER' | 'ADMINISTRATOR'): void {
  const account = storedAccount({
    state: 'ACTIVE',
    accessType: 'CUSTOMER_EMPLOYEE',
    organizationId: ORG,
    organizationName: 'Acme Industries',
    role,
  });
  dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(account) });
}

function profile(overrides: Parameters<typeof storedOrganization>[0] = {}): void {
  dynamo.on(GetCommand, { Key: keys.organization(ORG) }).resolves({
    Item: items.organization(
      storedOrganization({
        domains: ['acme.example', 'acme-group.example'],
        administratorCount: 1,
        ...overrides,
      }),
    ),
  });
}

function call(
  run: typeof setMembershipPolicy,
  route: (typeof routes)[keyof typeof routes],
  options: EventOptions = {},
) {
  return run(apiEvent(route, { claims: ADA_CLAIMS, ...options }), lambdaContext(`portico-${route.id}`));
}

beforeEach(() => {
  resetAws();
});

describe('GET /v1/portal/membership-policy', () => {
  it('answers AUTOMATIC for an organization that never set one, in two round trips', async () => {
    signedIn('ADMINISTRATOR');
    profile();

    const response = await call(getMembershipPolicy, routes.getMembershipPolicy);

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ policy: 'AUTOMATIC' });
  });

  it('answers 403 administrators-only to a member', async () => {
    signedIn('MEMBER');
    profile();

    const response = await call(getMembershipPolicy, routes.getMembershipPolicy);

    expect(problemOf(response, 403).type).toBe('/problems/administrators-only');
  });
});

describe('PUT /v1/portal/membership-policy', () => {
  it('sets it on the profile and every domain copy with its audit entry, in one transaction (3 round trips)', async () => {
    signedIn('ADMINISTRATOR');
    profile();
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await call(setMembershipPolicy, routes.setMembershipPolicy, {
      body: { policy: 'APPROVAL' },
    });

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ policy: 'APPROVAL' });
    expect(dynamo.calls()).toHaveLength(3);
    const transaction = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(transaction.slice(0, 3).map((item) => [item.Update?.TableName, item.Update?.Key])).toEqual([
      [TABLE, keys.organization(ORG)],
      [TABLE, keys.organizationDomain(ORG, 'acme.example')],
      [TABLE, keys.organizationDomain(ORG, 'acme-group.example')],
    ]);
    expect(transaction[0]?.Update).toMatchObject({
      UpdateExpression: 'SET #policy = :policy',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#policy) OR #policy = :previous)',
      ExpressionAttributeValues: { ':policy': 'APPROVAL', ':previous': 'AUTOMATIC' },
    });
    // The entry in the log (and a copy under the administrator who made the change).
    expect(transaction.slice(3).map((item) => item.Put?.Item?.['pk'])).toEqual([
      `AUDIT#${ORG}`,
      `AUDIT#${ORG}#PERSON#${ADA_CLAIMS.sub}`,
    ]);
    expect(transaction[3]?.Put?.Item).toMatchObject({
      kind: 'POLICY_CHANGED',
      details: { previousPolicy: 'AUTOMATIC', policy: 'APPROVAL' },
      collectionPk: `AUDIT#${ORG}#KIND#POLICY_CHANGED`,
    });
  });

  it('answers 409 concurrent-update when another administrator changed it first', async () => {
    signedIn('ADMINISTRATOR');
    profile({ membershipPolicy: 'APPROVAL' });
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    );

    const response = await call(setMembershipPolicy, routes.setMembershipPolicy, {
      body: { policy: 'INVITATION_ONLY' },
    });

    expect(problemOf(response, 409).type).toBe('/problems/concurrent-update');
  });

  it('answers 403 administrators-only to a member, writing nothing', async () => {
    signedIn('MEMBER');
    profile();

    const response = await call(setMembershipPolicy, routes.setMembershipPolicy, {
      body: { policy: 'APPROVAL' },
    });

    expect(problemOf(response, 403).type).toBe('/problems/administrators-only');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('answers 400 naming /policy for an unknown policy', async () => {
    const response = await call(setMembershipPolicy, routes.setMembershipPolicy, {
      body: { policy: 'OPEN' },
    });

    expect(problemOf(response, 400).errors).toEqual([expect.objectContaining({ pointer: '/policy' })]);
  });
});

describe('PUT /v1/me/registration when the one owner has the APPROVAL policy', () => {
  it('files the join request with the account in one transaction and emails the administrators', async () => {
    const applicant = storedAccount({
      state: 'REGISTER_BUSINESS',
      accessType: 'CUSTOMER_EMPLOYEE',
      revision: 3,
    });
    const organization = storedOrganization({ membershipPolicy: 'APPROVAL' });
    dynamo.on(GetCommand).resolves({ Item: items.account(applicant) });
    givenNoSuppressions();
    dynamo.on(QueryCommand, { IndexName: 'byEmailDomain' }).resolves({
      Items: [
        {
          ...keys.organizationDomain(ORG, 'acme.example'),
          ...keys.domainIndex('acme.example', ORG),
          entity: 'ORGANIZATION_DOMAIN',
          ...organization,
        },
      ],
    });
    dynamo
      .on(QueryCommand, { FilterExpression: '#role = :administrator' })
      .resolves({ Items: [{ userId: 'user-grace', email: 'grace@acme.example', firstName: 'Grace' }] });
    dynamo.on(TransactWriteCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'message-1' });

    const response = await registerBusiness(
      apiEvent(routes.registerBusiness, { body: REGISTRATION, claims: ADA_CLAIMS }),
      lambdaContext('portico-registerBusiness'),
    );

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      outcome: 'AWAITING_APPROVAL',
      account: { state: 'AWAITING_APPROVAL', accessLevel: 'LIMITED', joinRequest: { organizationId: ORG } },
    });
    const transaction = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(transaction.map((item) => [item.Put?.Item?.['pk'], item.Put?.Item?.['sk']])).toEqual([
      [keys.user(ADA_CLAIMS.sub).pk, 'PROFILE'],
      [`ORG#${ORG}`, `JOINREQ#${ADA_CLAIMS.sub}`],
    ]);
    expect(transaction[0]?.Put?.ConditionExpression).toBe('revision = :expected');
    const sent = ses
      .commandCalls(SendEmailCommand)
      .map((sendCall) => sendCall.args[0].input.Destination?.ToAddresses);
    expect(sent).toEqual([['grace@acme.example']]);
  });
});
