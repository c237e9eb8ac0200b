import '../environment';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler as decideHandler } from '../../../functions/operator/decide-organization-request.handler';
import { handler as getHandler } from '../../../functions/operator/get-organization-request.handler';
import { handler as listHandler } from '../../../functions/operator/list-organization-requests.handler';
import { routes } from '../../../functions/routes';
import { dynamo, items, resetAws, sfn } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import {
  ADA_CLAIMS,
  apiEvent,
  jsonBody,
  lambdaContext,
  OPERATOR_CLAIMS,
  problemOf,
  type Claims,
} from '../events';
import { REQUEST_ID, storedRequest } from '../fixtures';

function list(query: Record<string, string> = {}, claims: Claims = OPERATOR_CLAIMS) {
  return listHandler(
    apiEvent(routes.listOrganizationRequests, { claims, queryStringParameters: query }),
    lambdaContext('portico-listOrganizationRequests'),
  );
}

function get(requestId: string = REQUEST_ID, claims: Claims = OPERATOR_CLAIMS) {
  return getHandler(
    apiEvent(routes.getOrganizationRequest, { claims, pathParameters: { requestId } }),
    lambdaContext('portico-getOrganizationRequest'),
  );
}

function decide(body: unknown, requestId: string = REQUEST_ID, claims: Claims = OPERATOR_CLAIMS) {
  return decideHandler(
    apiEvent(routes.decideOrganizationRequest, { body, claims, pathParameters: { requestId } }),
    lambdaContext('portico-decideOrganizationRequest'),
  );
}

function requestIs(request = storedRequest()) {
  dynamo
    .on(GetCommand, { Key: keys.organizationRequest(request.requestId) })
    .resolves({ Item: items.organizationRequest(request) });
}

beforeEach(() => {
  resetAws();
});

type OperatorCall = (claims: Claims) => Promise<APIGatewayProxyResult>;

const OPERATOR_ROUTES: ReadonlyArray<readonly [string, OperatorCall]> = [
  ['GET /v1/operator/organization-requests', (claims) => list({}, claims)],
  ['GET /v1/operator/organization-requests/{requestId}', (claims) => get(REQUEST_ID, claims)],
  ['POST …/{requestId}/decision', (claims) => decide({ outcome: 'APPROVE' }, REQUEST_ID, claims)],
];

describe.each(OPERATOR_ROUTES)('%s access', (_route, call) => {
  it('answers 403 operators-only, reading nothing, for a signed-in person outside the operators group', async () => {
    const problem = problemOf(await call(ADA_CLAIMS), 403);

    expect(problem.type).toBe('/problems/operators-only');
    expect(dynamo.calls()).toEqual([]);
  });

  it.each(['admins', '[admins support]', 'operators-lite', '["operator"]', ''])(
    'answers 403 for the groups claim %j',
    async (groups) => {
      const response = await call({ ...OPERATOR_CLAIMS, 'cognito:groups': groups });

      expect(problemOf(response, 403).type).toBe('/problems/operators-only');
    },
  );

  it('answers 403, not 400, to someone outside the group who sends a body that is not valid', async () => {
    const problem = problemOf(await decide({ outcome: 'MAYBE', extra: true }, REQUEST_ID, ADA_CLAIMS), 403);

    expect(problem.type).toBe('/problems/operators-only');
    expect(problem).not.toHaveProperty('errors');
  });

  // API Gateway REST hands the groups to the function as a string, in more than one shape.
  it.each(['operators', '[operators]', '[admins operators]', 'admins,operators', '["admins","operators"]'])(
    'lets an operator in with the groups claim %j',
    async (groups) => {
      dynamo.on(GetCommand).resolves({ Item: items.organizationRequest(storedRequest()) });
      dynamo.on(QueryCommand).resolves({ Items: [] });
      dynamo.on(PutCommand).resolves({});

      const response = await call({ ...OPERATOR_CLAIMS, 'cognito:groups': groups });

      expect(response.statusCode).toBeLessThan(300);
    },
  );
});

describe('GET /v1/operator/organization-requests', () => {
  it('queries the open collection newest first, a page at a time, and answers a cursor for the next page', async () => {
    const lastKey = {
      pk: `ORGREQ#${REQUEST_ID}`,
      sk: 'REQUEST',
      collectionPk: 'REVIEWS#OPEN',
      collectionSk: `2025-03-03T09:00:00.000Z#${REQUEST_ID}`,
    };
    dynamo.on(QueryCommand).resolves({
      Items: [items.organizationRequest(storedRequest())],
      LastEvaluatedKey: lastKey,
    });

    const response = await list({ limit: '1' });

    expect(response.statusCode).toBe(200);
    const body = jsonBody(response);
    expect(body).toMatchObject({
      items: [{ requestId: REQUEST_ID, stage: 'IN_REVIEW', requesters: [{ email: ADA_CLAIMS.email }] }],
      nextCursor: expect.any(String),
    });
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      IndexName: 'byCollection',
      ExpressionAttributeValues: { ':collection': 'REVIEWS#OPEN' },
      ScanIndexForward: false,
      Limit: 1,
    });

    dynamo.resetHistory();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const next = await list({ limit: '1', cursor: String(body['nextCursor']) });

    expect(jsonBody(next)).toEqual({ items: [], nextCursor: null });
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual(lastKey);
  });

  it('lists closed requests from their own collection, 25 by default', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    await list({ status: 'closed' });

    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':collection': 'REVIEWS#CLOSED' },
      Limit: 25,
    });
  });

  it.each([
    ['a cursor that is not one', { cursor: 'bm90IGEgY3Vyc29y' }],
    ['a cursor of the other collection', { status: 'closed', cursor: otherCollectionCursor() }],
  ])('answers 400 for %s, querying nothing', async (_case, query) => {
    const problem = problemOf(await list(query), 400);

    expect(problem).toMatchObject({
      type: '/problems/validation-error',
      errors: [{ pointer: 'query:/cursor' }],
    });
    expect(dynamo.calls()).toEqual([]);
  });

  it.each([
    ['status', { status: 'pending' }],
    ['limit', { limit: '0' }],
    ['limit', { limit: '101' }],
    ['unknown', { unknown: 'x' }],
  ])('answers 400 for an invalid query parameter (%s)', async (_name, query) => {
    expect(problemOf(await list(query), 400).type).toBe('/problems/validation-error');
    expect(dynamo.calls()).toEqual([]);
  });
});

function otherCollectionCursor(): string {
  const key = {
    pk: `ORGREQ#${REQUEST_ID}`,
    sk: 'REQUEST',
    collectionPk: 'REVIEWS#OPEN',
    collectionSk: `2025-03-03T09:00:00.000Z#${REQUEST_ID}`,
  };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

describe('GET /v1/operator/organization-requests/{requestId}', () => {
  it('answers the request with its requesters, decision and history', async () => {
    requestIs();

    const response = await get();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      requestId: REQUEST_ID,
      stage: 'IN_REVIEW',
      requesters: [{ userId: ADA_CLAIMS.sub }],
      decision: null,
      history: [{ event: 'SUBMITTED' }],
    });
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: `ORGREQ#${REQUEST_ID}`, sk: 'REQUEST' },
    });
  });

  it('answers 404 for a request that does not exist', async () => {
    dynamo.on(GetCommand).resolves({});

    expect(problemOf(await get(), 404).type).toBe('/problems/not-found');
  });

  it.each(['short', 'has space in it', 'x'.repeat(65), '../../etc'])(
    'answers 400 for the path id %j, reading nothing',
    async (requestId) => {
      const problem = problemOf(await get(requestId), 400);

      expect(problem).toMatchObject({ errors: [{ pointer: 'path:/requestId' }] });
      expect(dynamo.calls()).toEqual([]);
    },
  );
});

describe('POST /v1/operator/organization-requests/{requestId}/decision', () => {
  it('answers 201 after recording the decision over the revision it read', async () => {
    requestIs(storedRequest({ revision: 1 }));
    dynamo.on(PutCommand).resolves({});

    const response = await decide({ outcome: 'APPROVE', note: 'Checked the register.' });

    expect(response.statusCode).toBe(201);
    expect(jsonBody(response)).toMatchObject({
      requestId: REQUEST_ID,
      decision: {
        outcome: 'APPROVED',
        note: 'Checked the register.',
        decidedBy: { userId: OPERATOR_CLAIMS.sub, email: OPERATOR_CLAIMS.email },
      },
    });
    const put = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      ConditionExpression: 'revision = :previous',
      ExpressionAttributeValues: { ':previous': 1 },
      Item: {
        pk: `ORGREQ#${REQUEST_ID}`,
        revision: 2,
        decision: { outcome: 'APPROVED' },
        duePk: expect.stringMatching(/^REVIEW_DECISION#[0-3]$/),
      },
    });
    expect(sfn.calls()).toEqual([]);
  });

  it('answers 200 without writing when the same decision was already recorded', async () => {
    requestIs(
      storedRequest({
        revision: 2,
        decision: {
          outcome: 'APPROVED',
          decidedBy: { userId: OPERATOR_CLAIMS.sub, email: OPERATOR_CLAIMS.email },
          decidedAt: '2025-03-04T10:00:00.000Z',
        },
      }),
    );

    const response = await decide({ outcome: 'APPROVE' });

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ decision: { decidedAt: '2025-03-04T10:00:00.000Z' } });
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });

  it('answers 409 decision-already-recorded for a different decision, naming the recorded one', async () => {
    requestIs(
      storedRequest({
        revision: 2,
        decision: {
          outcome: 'APPROVED',
          decidedBy: { userId: 'user-x', email: 'x@portico.example' },
          decidedAt: '2025-03-04T10:00:00.000Z',
        },
      }),
    );

    const problem = problemOf(await decide({ outcome: 'REJECT', reason: 'Unknown company.' }), 409);

    expect(problem).toMatchObject({
      type: '/problems/decision-already-recorded',
      decision: { outcome: 'APPROVED', decidedBy: { email: 'x@portico.example' } },
    });
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });

  it('answers 409 request-closed for a request that closed without a decision', async () => {
    requestIs(storedRequest({ stage: 'EXPIRED' }));

    expect(problemOf(await decide({ outcome: 'APPROVE' }), 409).type).toBe('/problems/request-closed');
  });

  it('reads again and records over a write the workflow made meanwhile', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: items.organizationRequest(storedRequest({ revision: 1 })) })
      .resolves({ Item: items.organizationRequest(storedRequest({ revision: 2, reviewersNotified: true })) });
    dynamo
      .on(PutCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'conditional', $metadata: {} }))
      .resolves({});

    const response = await decide({ outcome: 'REJECT', reason: 'Unknown company.' });

    expect(response.statusCode).toBe(201);
    expect(dynamo.commandCalls(PutCommand)[1]?.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':previous': 2 },
      Item: { revision: 3, reviewersNotified: true, decision: { outcome: 'REJECTED' } },
    });
  });

  it('answers 409 concurrent-update, not 500, when the request keeps changing under the decision', async () => {
    requestIs();
    dynamo
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'conditional', $metadata: {} }));

    const problem = problemOf(await decide({ outcome: 'APPROVE' }), 409);

    expect(problem.type).toBe('/problems/concurrent-update');
  });

  it('answers 404 for a request that does not exist', async () => {
    dynamo.on(GetCommand).resolves({});

    expect(problemOf(await decide({ outcome: 'APPROVE' }), 404).type).toBe('/problems/not-found');
  });

  it.each([
    ['a rejection without reason', { outcome: 'REJECT' }, '/reason'],
    ['an unknown outcome', { outcome: 'ESCALATE' }, '/outcome'],
    ['a note on a rejection', { outcome: 'REJECT', reason: 'x', note: 'y' }, '/note'],
  ])('answers 400 for %s, reading nothing', async (_case, body, pointer) => {
    const problem = problemOf(await decide(body), 400);

    expect(problem).toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ pointer })]) });
    expect(dynamo.calls()).toEqual([]);
  });

  it('answers 400 for a bad path id before reading anything', async () => {
    expect(problemOf(await decide({ outcome: 'APPROVE' }, 'not an id'), 400).type).toBe(
      '/problems/validation-error',
    );
    expect(dynamo.calls()).toEqual([]);
  });
});
