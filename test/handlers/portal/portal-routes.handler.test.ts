import '../environment';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys, OVERVIEW_RANGE } from '../../../functions/core/adapters/dynamodb/table-design';
import type { ProductGroup } from '../../../functions/core/domain/product-group';
import { handler as changeMemberRole } from '../../../functions/portal/change-member-role.handler';
import { handler as createGroup } from '../../../functions/portal/create-group.handler';
import { handler as deleteGroup } from '../../../functions/portal/delete-group.handler';
import { handler as getGroup } from '../../../functions/portal/get-group.handler';
import { handler as getProduct } from '../../../functions/portal/get-product.handler';
import { handler as listProducts } from '../../../functions/portal/list-products.handler';
import { routes } from '../../../functions/routes';
import { TEST_ENVIRONMENT } from '../environment';
import { dynamo, givenOrganizationStatus, items, resetAws } from '../aws';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf, type EventOptions } from '../events';
import { storedAccount } from '../fixtures';

const TABLE = TEST_ENVIRONMENT.TABLE_NAME;
const ORG = 'org-acme';
const COLLEAGUE = 'b1f4c1d2-0000-4000-8000-000000000002';

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

function call(
  run: typeof createGroup,
  route: (typeof routes)[keyof typeof routes],
  options: EventOptions = {},
) {
  return run(apiEvent(route, { claims: ADA_CLAIMS, ...options }), lambdaContext(`portico-${route.id}`));
}

function productItem(serviceTag: string, siteId: string) {
  return {
    ...keys.product(ORG, serviceTag),
    entity: 'PRODUCT',
    serviceTag,
    model: 'PowerEdge R760',
    family: 'PowerEdge',
    siteId,
    supportEndDate: '2027-06-30',
    supportStatus: 'ACTIVE',
    revision: 1,
  };
}

function groupItem(group: ProductGroup) {
  return {
    ...keys.group(group.organizationId, group.ownerId, group.groupId),
    entity: 'GROUP',
    ...group,
    ...(group.shared ? keys.sharedGroup(group.organizationId, group.groupId) : {}),
  };
}

beforeEach(() => {
  resetAws();
});

describe('PUT /v1/portal/members/{userId}/role', () => {
  const promote = { body: { role: 'ADMINISTRATOR' }, pathParameters: { userId: COLLEAGUE } };

  function colleague(role: 'MEMBER' | 'ADMINISTRATOR') {
    dynamo.on(GetCommand, { Key: keys.membership(ORG, COLLEAGUE) }).resolves({
      Item: {
        ...keys.membership(ORG, COLLEAGUE),
        entity: 'MEMBERSHIP',
        organizationId: ORG,
        userId: COLLEAGUE,
        email: 'bob@acme.example',
        firstName: 'Bob',
        lastName: 'Byte',
        role,
        joinedAt: '2025-03-02T08:00:00.000Z',
      },
    });
  }

  it('answers 200 with the member, changing membership, account, count and audit log in one transaction', async () => {
    signedIn('ADMINISTRATOR');
    colleague('MEMBER');
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await call(changeMemberRole, routes.changeMemberRole, promote);

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({
      userId: COLLEAGUE,
      email: 'bob@acme.example',
      firstName: 'Bob',
      lastName: 'Byte',
      role: 'ADMINISTRATOR',
      joinedAt: '2025-03-02T08:00:00.000Z',
    });
    const transaction = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(transaction.map((item) => [item.Update?.TableName, item.Update?.Key])).toEqual([
      [TABLE, keys.membership(ORG, COLLEAGUE)],
      [TABLE, keys.user(COLLEAGUE)],
      [TABLE, keys.organization(ORG)],
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
    // The entry in the log, and a copy under each person it names (the administrator and the colleague).
    expect(transaction.slice(3).map((item) => item.Put?.Item?.['pk'])).toEqual([
      `AUDIT#${ORG}`,
      `AUDIT#${ORG}#PERSON#${transaction[3]?.Put?.Item?.['actor']?.userId}`,
      `AUDIT#${ORG}#PERSON#${COLLEAGUE}`,
    ]);
    expect(transaction[3]?.Put?.Item).toMatchObject({
      kind: 'ROLE_CHANGED',
      subject: { userId: COLLEAGUE, email: 'bob@acme.example' },
      details: { previousRole: 'MEMBER', role: 'ADMINISTRATOR' },
      collectionPk: `AUDIT#${ORG}#KIND#ROLE_CHANGED`,
    });
    expect(transaction[0]?.Update).toMatchObject({
      ConditionExpression: '#role = :from',
      ExpressionAttributeValues: { ':from': 'MEMBER', ':to': 'ADMINISTRATOR' },
    });
  });

  it('answers 409 last-administrator when the demotion would leave nobody in charge', async () => {
    signedIn('ADMINISTRATOR');
    colleague('ADMINISTRATOR');
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );

    const response = await call(changeMemberRole, routes.changeMemberRole, {
      body: { role: 'MEMBER' },
      pathParameters: { userId: COLLEAGUE },
    });

    expect(problemOf(response, 409).type).toBe('/problems/last-administrator');
  });

  it('answers 404 for someone who is not a member of the organization', async () => {
    signedIn('ADMINISTRATOR');
    dynamo.on(GetCommand, { Key: keys.membership(ORG, COLLEAGUE) }).resolves({});

    const response = await call(changeMemberRole, routes.changeMemberRole, promote);

    expect(problemOf(response, 404).type).toBe('/problems/not-found');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it("answers 403 administrators-only to a member, reading nothing but their account and organization's status", async () => {
    signedIn('MEMBER');

    const response = await call(changeMemberRole, routes.changeMemberRole, promote);

    expect(problemOf(response, 403).type).toBe('/problems/administrators-only');
    expect(dynamo.calls()).toHaveLength(2);
  });

  it('answers 403 organization-deactivated to an administrator of a deactivated organization, writing nothing', async () => {
    signedIn('ADMINISTRATOR');
    givenOrganizationStatus('SUSPENDED');

    const response = await call(changeMemberRole, routes.changeMemberRole, promote);

    expect(problemOf(response, 403).type).toBe('/problems/organization-deactivated');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    expect(dynamo.calls()).toHaveLength(2);
  });

  it('answers 400 for a malformed user id in the path', async () => {
    const response = await call(changeMemberRole, routes.changeMemberRole, {
      ...promote,
      pathParameters: { userId: 'no' },
    });

    expect(problemOf(response, 400).errors).toEqual([
      { pointer: 'path:/userId', detail: 'is not a user id' },
    ]);
  });
});

describe('POST /v1/portal/groups', () => {
  it('answers 201 with the group, stored under its owner and shared with the organization', async () => {
    signedIn('MEMBER');
    dynamo.on(GetCommand, { Key: keys.visibility(ORG) }).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [productItem('SVC-0001', 'MUC-1'), productItem('SVC-0002', 'BER-1')] },
    });
    dynamo.on(PutCommand).resolves({});

    const response = await call(createGroup, routes.createGroup, {
      body: {
        name: 'Two servers',
        shared: true,
        definition: { kind: 'PRODUCTS', serviceTags: ['SVC-0001', 'SVC-0002'] },
      },
    });

    expect(response.statusCode).toBe(201);
    const group = jsonBody(response) as { groupId: string };
    expect(group).toMatchObject({ name: 'Two servers', kind: 'PRODUCTS', shared: true, mine: true });
    expect(group.groupId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: {
        ...keys.group(ORG, ADA_CLAIMS.sub, group.groupId),
        ...keys.sharedGroup(ORG, group.groupId),
        ownerId: ADA_CLAIMS.sub,
        revision: 0,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    // The limit counts only the caller's own groups: no query of the organization's shared ones.
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.filter((query) => query.IndexName === 'byCollection')).toEqual([]);
    expect(queries.filter((query) => query.Select === 'COUNT')).toHaveLength(1);
  });

  it('answers 400 naming a product that does not exist, storing nothing', async () => {
    signedIn('MEMBER');
    dynamo.on(GetCommand, { Key: keys.visibility(ORG) }).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [productItem('SVC-0001', 'MUC-1')] } });

    const response = await call(createGroup, routes.createGroup, {
      body: { name: 'Probe', definition: { kind: 'PRODUCTS', serviceTags: ['SVC-0001', 'NH-0001'] } },
    });

    expect(problemOf(response, 400).errors).toEqual([
      { pointer: '/definition/serviceTags/1', detail: 'is not a product you can see' },
    ]);
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });
});

describe('GET and DELETE /v1/portal/groups/{groupId}', () => {
  const shared: ProductGroup = {
    groupId: 'grp-0123456789',
    organizationId: ORG,
    ownerId: COLLEAGUE,
    name: 'Lab servers',
    shared: true,
    definition: { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge'], sites: ['MUC-1', 'BER-1'] },
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:00:00.000Z',
    revision: 2,
  };

  it("answers a colleague's shared group, found in the organization's shared collection", async () => {
    signedIn('MEMBER');
    dynamo.on(GetCommand, { Key: keys.visibility(ORG) }).resolves({
      Item: { ...keys.visibility(ORG), sites: ['MUC-1'], families: 'ALL', revision: 1 },
    });
    dynamo.on(GetCommand, { Key: keys.group(ORG, ADA_CLAIMS.sub, shared.groupId) }).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [groupItem(shared)] });

    const response = await call(getGroup, routes.getGroup, { pathParameters: { groupId: shared.groupId } });

    expect(jsonBody(response)).toEqual({
      groupId: shared.groupId,
      name: 'Lab servers',
      kind: 'FAMILIES_AT_SITES',
      shared: true,
      mine: false,
      definition: { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge'], sites: ['MUC-1'] },
      createdAt: shared.createdAt,
      updatedAt: shared.updatedAt,
    });
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'byCollection',
      ExpressionAttributeValues: { ':collection': 'SHAREDGROUPS#org-acme', ':groupId': shared.groupId },
    });
  });

  it('answers 204 deleting the caller’s own group, conditioned on its revision', async () => {
    signedIn('MEMBER');
    const own = { ...shared, ownerId: ADA_CLAIMS.sub };
    dynamo.on(GetCommand, { Key: keys.visibility(ORG) }).resolves({});
    dynamo
      .on(GetCommand, { Key: keys.group(ORG, ADA_CLAIMS.sub, own.groupId) })
      .resolves({ Item: groupItem(own) });
    dynamo.on(DeleteCommand).resolves({});

    const response = await call(deleteGroup, routes.deleteGroup, {
      pathParameters: { groupId: own.groupId },
    });

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      Key: keys.group(ORG, ADA_CLAIMS.sub, own.groupId),
      ExpressionAttributeValues: { ':revision': 2 },
    });
  });

  it("answers 403 group-owner-only deleting a colleague's shared group", async () => {
    signedIn('MEMBER');
    dynamo.on(GetCommand, { Key: keys.visibility(ORG) }).resolves({});
    dynamo.on(GetCommand, { Key: keys.group(ORG, ADA_CLAIMS.sub, shared.groupId) }).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [groupItem(shared)] });

    const response = await call(deleteGroup, routes.deleteGroup, {
      pathParameters: { groupId: shared.groupId },
    });

    expect(problemOf(response, 403).type).toBe('/problems/group-owner-only');
    expect(dynamo.commandCalls(DeleteCommand)).toEqual([]);
  });
});

describe('GET /v1/portal/products', () => {
  it('answers 404 for a site the member may not see, nothing of a page read on a guess', async () => {
    signedIn('MEMBER');
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':low': OVERVIEW_RANGE.low } }).resolves({
      Items: [
        {
          ...keys.site(ORG, 'BER-1'),
          siteId: 'BER-1',
          name: 'Berlin',
          address: 'a',
          city: 'Berlin',
          country: 'DE',
        },
        { ...keys.visibility(ORG), sites: ['MUC-1'], families: 'ALL', revision: 1 },
      ],
    });

    const response = await call(listProducts, routes.listProducts, {
      queryStringParameters: { site: 'BER-1' },
    });

    expect(problemOf(response, 404)).toMatchObject({ type: '/problems/not-found' });
    expect(response.body).not.toContain('serviceTag');
  });

  it('answers 400 for an unknown status or limit out of range, naming each parameter', async () => {
    const response = await call(listProducts, routes.listProducts, {
      queryStringParameters: { status: 'GONE', limit: '1000' },
    });

    expect(problemOf(response, 400).errors).toEqual([
      { pointer: 'query:/status', detail: expect.any(String) },
      { pointer: 'query:/limit', detail: expect.any(String) },
    ]);
  });
});

describe('GET /v1/portal/products/{serviceTag}', () => {
  it('answers 404 for a product at a site the member may not see', async () => {
    signedIn('MEMBER');
    dynamo.on(GetCommand, { Key: keys.visibility(ORG) }).resolves({
      Item: { ...keys.visibility(ORG), sites: ['MUC-1'], families: 'ALL', revision: 1 },
    });
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [productItem('SVC-0001', 'BER-1')] } });

    const response = await call(getProduct, routes.getProduct, {
      pathParameters: { serviceTag: 'SVC-0001' },
    });

    expect(problemOf(response, 404).detail).toBe('There is no such product.');
  });
});
