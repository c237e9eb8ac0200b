import '../environment';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { AdminUserGlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import type { Account } from '../../../functions/core/domain/account';
import type { ProductGroup } from '../../../functions/core/domain/product-group';
import { handler as leaveOrganization } from '../../../functions/me/leave-organization.handler';
import { handler as removeMember } from '../../../functions/portal/remove-member.handler';
import { routes } from '../../../functions/routes';
import { cognito, dynamo, givenNoSuppressions, items, resetAws, ses } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf, type EventOptions } from '../events';
import { storedAccount, storedOrganization } from '../fixtures';

const TABLE = TEST_ENVIRONMENT.TABLE_NAME;
const ORG = 'org-acme';
const JONAS = '9a4e6c2b-7d18-4f3a-b5c0-1e8d2f7a6b94';

const organization = storedOrganization({ administratorCount: 1, memberCount: 3 });
const jonas = storedAccount({
  userId: JONAS,
  email: 'jonas@acme.example',
  firstName: 'Jonas',
  lastName: 'Richter',
  state: 'ACTIVE',
  accessType: 'CUSTOMER_EMPLOYEE',
  organizationId: ORG,
  organizationName: 'Acme Industries',
  role: 'MEMBER',
  locale: 'de',
  revision: 7,
});
const group = (groupId: string, shared: boolean): ProductGroup => ({
  groupId,
  organizationId: ORG,
  ownerId: JONAS,
  name: `Group ${groupId}`,
  shared,
  definition: { kind: 'FAMILIES', families: ['PowerEdge'] },
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
  revision: 2,
});

function signedIn(role: 'MEMBER' | 'ADMINISTRATOR', profile = organization): Account {
  const account = storedAccount({
    state: 'ACTIVE',
    accessType: 'CUSTOMER_EMPLOYEE',
    organizationId: ORG,
    organizationName: 'Acme Industries',
    role,
  });
  dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(account) });
  dynamo.on(GetCommand, { Key: keys.organization(ORG) }).resolves({ Item: items.organization(profile) });
  return account;
}

function given(person: Account | undefined, groups: ProductGroup[] = []): void {
  dynamo.on(GetCommand, { Key: keys.user(JONAS) }).resolves(person ? { Item: items.account(person) } : {});
  dynamo.on(QueryCommand).resolves({
    Items: groups.map((g) => ({
      ...keys.group(ORG, g.ownerId, g.groupId),
      entity: 'GROUP',
      ...g,
    })),
  });
}

function call(
  run: typeof removeMember,
  route: (typeof routes)[keyof typeof routes],
  options: EventOptions = {},
) {
  return run(apiEvent(route, { claims: ADA_CLAIMS, ...options }), lambdaContext(`portico-${route.id}`));
}

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

beforeEach(() => {
  resetAws();
  givenNoSuppressions();
  ses.on(SendEmailCommand).resolves({ MessageId: 'message-1' });
  cognito.on(AdminUserGlobalSignOutCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
});

describe('DELETE /v1/portal/members/{userId}', () => {
  it('ends the membership, deletes the groups and writes MEMBER_REMOVED in one transaction, then signs out and emails', async () => {
    signedIn('ADMINISTRATOR');
    given(jonas, [group('private-1', false), group('shared-1', true)]);

    const response = await call(removeMember, routes.removeMember, { pathParameters: { userId: JONAS } });

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ userId: JONAS, outcome: 'REMOVED', groupsDeleted: 2 });
    const transactions = dynamo.commandCalls(TransactWriteCommand);
    expect(transactions).toHaveLength(1);
    const transaction = transactions[0]?.args[0].input.TransactItems ?? [];
    expect(transaction[0]?.Put).toMatchObject({
      Item: { ...keys.user(JONAS), state: 'REGISTER_BUSINESS', revision: 8 },
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': 7 },
    });
    for (const gone of ['organizationId', 'organizationName', 'role']) {
      expect(transaction[0]?.Put?.Item?.[gone]).toBeUndefined();
    }
    expect(transaction[1]?.Delete).toMatchObject({ Key: keys.membership(ORG, JONAS) });
    expect(transaction[2]?.Update).toMatchObject({
      Key: keys.organization(ORG),
      UpdateExpression: 'ADD memberCount :less',
    });
    const entry = transaction.find((item) => item.Put?.Item?.['pk'] === `AUDIT#${ORG}`)?.Put?.Item;
    expect(entry).toMatchObject({
      kind: 'MEMBER_REMOVED',
      actor: { userId: ADA_CLAIMS.sub },
      subject: { userId: JONAS, email: 'jonas@acme.example' },
      details: { role: 'MEMBER', groupsDeleted: 2 },
    });
    // The entry, its copy under the actor and under the subject.
    expect(transaction.filter((item) => String(item.Put?.Item?.['pk']).startsWith('AUDIT#'))).toHaveLength(3);
    const deletes = transaction.filter((item) => String(item.Delete?.Key?.['sk']).startsWith('GROUP#'));
    expect(deletes.map((item) => item.Delete?.Key)).toEqual([
      keys.group(ORG, JONAS, 'private-1'),
      keys.group(ORG, JONAS, 'shared-1'),
    ]);
    expect(deletes[0]?.Delete).toMatchObject({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(pk) OR revision = :revision',
      ExpressionAttributeValues: { ':revision': 2 },
    });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]?.args[0].input).toMatchObject({
      Username: JONAS,
    });
    const sent = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(sent.map((input) => input.Destination?.ToAddresses)).toEqual([['jonas@acme.example']]);
    // In the person's language (German).
    expect(sent[0]?.Content?.Simple?.Subject?.Data).toContain('nicht mehr');
    // No status read of its own: the profile read answers it.
    expect(dynamo.commandCalls(GetCommand, { ProjectionExpression: '#status' })).toEqual([]);
  });

  it('answers 404 for a person of another organization, writing nothing', async () => {
    signedIn('ADMINISTRATOR');
    given({ ...jonas, organizationId: 'org-northland' });

    const response = await call(removeMember, routes.removeMember, { pathParameters: { userId: JONAS } });

    expect(problemOf(response, 404).status).toBe(404);
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toEqual([]);
  });

  it('answers 403 administrators-only to a member', async () => {
    signedIn('MEMBER');
    given(jonas);

    const response = await call(removeMember, routes.removeMember, { pathParameters: { userId: JONAS } });

    expect(problemOf(response, 403).type).toBe('/problems/administrators-only');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('answers 403 when operators deactivated the organization', async () => {
    signedIn('ADMINISTRATOR', { ...organization, status: 'SUSPENDED' });
    given(jonas);

    const response = await call(removeMember, routes.removeMember, { pathParameters: { userId: JONAS } });

    expect(problemOf(response, 403).type).toBe('/problems/organization-deactivated');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('answers 409 concurrent-update when the person changed meanwhile', async () => {
    signedIn('ADMINISTRATOR');
    given(jonas);
    dynamo.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None', 'None']));

    const response = await call(removeMember, routes.removeMember, { pathParameters: { userId: JONAS } });

    expect(problemOf(response, 409).type).toBe('/problems/concurrent-update');
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toEqual([]);
  });
});

describe('POST /v1/me/organization/leave', () => {
  it('ends the caller’s membership with MEMBER_LEFT and answers the LIMITED account', async () => {
    signedIn('MEMBER');
    given(undefined);

    const response = await call(leaveOrganization, routes.leaveOrganization, {
      body: { organizationId: ORG },
    });

    expect(response.statusCode).toBe(200);
    const body = jsonBody(response) as { outcome: string; account: { state: string; accessLevel: string } };
    expect(body.outcome).toBe('LEFT');
    expect(body.account).toMatchObject({ state: 'REGISTER_BUSINESS', accessLevel: 'LIMITED' });
    const transaction = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const entry = transaction.find((item) => item.Put?.Item?.['pk'] === `AUDIT#${ORG}`)?.Put?.Item;
    expect(entry).toMatchObject({
      kind: 'MEMBER_LEFT',
      actor: { userId: ADA_CLAIMS.sub },
      subject: { userId: ADA_CLAIMS.sub },
    });
    // One person named: the entry and one copy.
    expect(transaction.filter((item) => String(item.Put?.Item?.['pk']).startsWith('AUDIT#'))).toHaveLength(2);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(1);
    expect(ses.commandCalls(SendEmailCommand)).toEqual([]);
  });

  it('answers 409 last-administrator before writing when others remain', async () => {
    signedIn('ADMINISTRATOR');
    given(undefined);

    const response = await call(leaveOrganization, routes.leaveOrganization, {
      body: { organizationId: ORG },
    });

    expect(problemOf(response, 409).type).toBe('/problems/last-administrator');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('answers 409 last-administrator when the transaction’s count condition refuses (a race)', async () => {
    signedIn('ADMINISTRATOR', { ...organization, administratorCount: 2 });
    given(undefined);
    dynamo
      .on(TransactWriteCommand)
      .rejects(cancelled(['None', 'None', 'ConditionalCheckFailed', 'None', 'None']));

    const response = await call(leaveOrganization, routes.leaveOrganization, {
      body: { organizationId: ORG },
    });

    expect(problemOf(response, 409).type).toBe('/problems/last-administrator');
  });

  it('answers 404 when the body names another organization', async () => {
    signedIn('MEMBER');

    const response = await call(leaveOrganization, routes.leaveOrganization, {
      body: { organizationId: 'org-northland' },
    });

    expect(problemOf(response, 404).status).toBe(404);
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });
});
