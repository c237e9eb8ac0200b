import '../environment';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler } from '../../../functions/me/submit-organization-request.handler';
import { routes } from '../../../functions/routes';
import { dynamo, items, resetAws, ses, sfn } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf } from '../events';
import {
  ORGANIZATION_DETAILS,
  REQUEST_ID,
  REGISTRATION,
  storedAccount,
  storedOrganization,
  storedRequest,
} from '../fixtures';

const SEEKER = storedAccount({
  state: 'ORGANIZATION_REQUIRED',
  accessType: 'CUSTOMER_EMPLOYEE',
  registration: { ...REGISTRATION, submittedAt: '2025-03-01T08:05:00.000Z' },
  revision: 4,
});

function submit(body: unknown = ORGANIZATION_DETAILS) {
  return handler(
    apiEvent(routes.submitOrganizationRequest, { body, claims: ADA_CLAIMS }),
    lambdaContext('portico-submitOrganizationRequest'),
  );
}

/** Step Functions answering 500 (after the SDK's retries). */
function sfnDown(): Error {
  return Object.assign(new Error('Service Unavailable'), {
    name: 'ServiceUnavailable',
    $fault: 'server',
    $metadata: { httpStatusCode: 503 },
  });
}

function accountIs(account = SEEKER) {
  dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(account) });
}

beforeEach(() => {
  resetAws();
});

describe('POST /v1/organization-requests', () => {
  it('answers 202 after writing the request and the pending account in one transaction and starting the review', async () => {
    accountIs();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: 'arn:aws:states:…:execution:x', startDate: new Date() });

    const response = await submit();

    expect(response.statusCode).toBe(202);
    const body = jsonBody(response);
    const requestId = (body['organizationRequest'] as { requestId: string }).requestId;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toMatchObject({
      state: 'PENDING_ORGANIZATION',
      accessLevel: 'LIMITED',
      nextStep: { step: 'PENDING_ORGANIZATION', method: 'GET', path: '/v1/me' },
      organizationRequest: { stage: 'SUBMITTED', domain: 'acme.example' },
    });

    const [requestPut, claimPut, accountPut, ...more] =
      dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(more).toEqual([]);
    // The one open request for the domain: claimed with the request, so a colleague's submission joins it.
    expect(claimPut?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { ...keys.reviewDomainClaim('acme.example'), requestId },
    });
    expect(requestPut?.Put).toMatchObject({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `ORGREQ#${requestId}`,
        sk: 'REQUEST',
        stage: 'SUBMITTED',
        domain: 'acme.example',
        organization: ORGANIZATION_DETAILS,
        requesters: [{ userId: ADA_CLAIMS.sub, email: ADA_CLAIMS.email }],
        revision: 0,
        collectionPk: 'REVIEWS#OPEN',
        duePk: expect.stringMatching(/^REVIEW_START#[0-3]$/),
      },
    });
    expect(accountPut?.Put).toMatchObject({
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': 4 },
      Item: {
        pk: `USER#${ADA_CLAIMS.sub}`,
        state: 'PENDING_ORGANIZATION',
        organizationRequestId: requestId,
        revision: 5,
      },
    });
    // Nothing to remind a person of while their organization is reviewed.
    expect(accountPut?.Put?.Item).not.toHaveProperty('duePk');

    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      {
        stateMachineArn: TEST_ENVIRONMENT.REVIEW_STATE_MACHINE_ARN,
        name: requestId,
        input: JSON.stringify({ requestId }),
      },
    ]);
    expect(ses.calls()).toEqual([]);
  });

  it('looks for an owner of the domain with one query on the email-domain index', async () => {
    accountIs();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({});

    await submit();

    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      expect.objectContaining({
        IndexName: 'byEmailDomain',
        ExpressionAttributeValues: { ':pk': 'DOMAIN#acme.example' },
      }),
    ]);
  });

  describe('merge at submission', () => {
    const BOB_REQUESTER = {
      userId: 'user-bob',
      email: 'bob@acme.example',
      firstName: 'Bob',
      lastName: 'Byte',
      requestedAt: '2025-03-01T08:00:00.000Z',
    };
    const HOLDER = storedRequest({ requesters: [BOB_REQUESTER], acknowledged: ['user-bob'], revision: 3 });

    /** The claim refused: a colleague's request holds the domain. */
    function claimRefused() {
      return new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      });
    }

    function holderIs(request = HOLDER) {
      dynamo
        .on(GetCommand, { Key: keys.reviewDomainClaim('acme.example') })
        .resolves({ Item: { ...keys.reviewDomainClaim('acme.example'), requestId: request.requestId } });
      dynamo
        .on(GetCommand, { Key: keys.organizationRequest(request.requestId) })
        .resolves({ Item: items.organizationRequest(request) });
    }

    it("answers 202 with the colleague's open request, joined in one transaction while it holds the domain; no second review starts", async () => {
      accountIs();
      holderIs();
      dynamo.on(QueryCommand).resolves({ Items: [] });
      dynamo.on(TransactWriteCommand).rejectsOnce(claimRefused()).resolves({});

      const response = await submit();

      expect(response.statusCode).toBe(202);
      expect(jsonBody(response)).toMatchObject({
        state: 'PENDING_ORGANIZATION',
        organizationRequest: { requestId: REQUEST_ID, stage: 'IN_REVIEW' },
      });
      const [, join] = dynamo.commandCalls(TransactWriteCommand);
      const [holderPut, claimCheck, accountPut, ...more] = join?.args[0].input.TransactItems ?? [];
      expect(more).toEqual([]);
      expect(holderPut?.Put).toMatchObject({
        ConditionExpression: 'revision = :previous',
        ExpressionAttributeValues: { ':previous': 3 },
        Item: {
          pk: `ORGREQ#${REQUEST_ID}`,
          revision: 4,
          requesters: [{ userId: 'user-bob' }, { userId: ADA_CLAIMS.sub, email: ADA_CLAIMS.email }],
          acknowledged: ['user-bob', ADA_CLAIMS.sub],
          collectionPk: 'REVIEWS#OPEN',
        },
      });
      expect(claimCheck?.ConditionCheck).toMatchObject({
        Key: keys.reviewDomainClaim('acme.example'),
        ConditionExpression: 'requestId = :holder',
        ExpressionAttributeValues: { ':holder': REQUEST_ID },
      });
      expect(accountPut?.Put).toMatchObject({
        ConditionExpression: 'revision = :expected',
        ExpressionAttributeValues: { ':expected': 4 },
        Item: { state: 'PENDING_ORGANIZATION', organizationRequestId: REQUEST_ID, revision: 5 },
      });
      expect(sfn.calls()).toEqual([]);
      expect(ses.calls()).toHaveLength(1);
    });

    it('answers 409 concurrent-update when the open request keeps changing under every try', async () => {
      accountIs();
      holderIs();
      dynamo.on(QueryCommand).resolves({ Items: [] });
      dynamo
        .on(TransactWriteCommand)
        .rejectsOnce(claimRefused())
        .rejects(
          new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
          }),
        );

      expect(problemOf(await submit(), 409).type).toBe('/problems/concurrent-update');
      expect(sfn.calls()).toEqual([]);
    });
  });

  it('answers 200 with the open request, writing and starting nothing, when the requester repeats the call', async () => {
    accountIs(storedAccount({ ...SEEKER, state: 'PENDING_ORGANIZATION', organizationRequestId: REQUEST_ID }));
    dynamo
      .on(GetCommand, { Key: keys.organizationRequest(REQUEST_ID) })
      .resolves({ Item: items.organizationRequest(storedRequest()) });

    const response = await submit();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      state: 'PENDING_ORGANIZATION',
      organizationRequest: { requestId: REQUEST_ID, stage: 'IN_REVIEW' },
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(sfn.calls()).toEqual([]);
  });

  it('still answers 202 when Step Functions is down: the request is kept for the finalize-reviews job', async () => {
    accountIs();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).rejects(sfnDown());

    const response = await submit();

    expect(response.statusCode).toBe(202);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('answers 202 when the execution already exists (a start that was retried)', async () => {
    accountIs();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    expect((await submit()).statusCode).toBe(202);
  });

  it('answers 409 organization-exists, writing nothing, when an active organization owns the domain', async () => {
    accountIs();
    dynamo.on(QueryCommand).resolves({ Items: [items.organizationDomain(storedOrganization())] });

    const problem = problemOf(await submit(), 409);

    expect(problem).toMatchObject({
      type: '/problems/organization-exists',
      nextStep: { step: 'REGISTER_BUSINESS', method: 'PUT', path: '/v1/me/registration' },
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    expect(sfn.calls()).toEqual([]);
  });

  it('answers 409 concurrent-update, starting nothing, when the account changed meanwhile', async () => {
    accountIs();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {} }));

    expect(problemOf(await submit(), 409).type).toBe('/problems/concurrent-update');
    expect(sfn.calls()).toEqual([]);
  });

  it('answers 409 organization-request-not-expected for an account that is not at ORGANIZATION_REQUIRED', async () => {
    accountIs(storedAccount({ state: 'REGISTER_BUSINESS', accessType: 'CUSTOMER_EMPLOYEE' }));
    dynamo.on(QueryCommand).resolves({ Items: [] });

    const problem = problemOf(await submit(), 409);

    expect(problem).toMatchObject({
      type: '/problems/organization-request-not-expected',
      nextStep: { step: 'REGISTER_BUSINESS' },
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it.each([
    ['/website', { ...ORGANIZATION_DETAILS, website: 'ftp://acme.example' }],
    ['/website', { ...ORGANIZATION_DETAILS, website: 'javascript:alert(1)' }],
    ['/dunsNumber', { ...ORGANIZATION_DETAILS, dunsNumber: '12345' }],
    ['/taxId', { ...ORGANIZATION_DETAILS, taxId: '<script>' }],
    ['/country', { ...ORGANIZATION_DETAILS, country: 'XX' }],
    ['/address/city', { ...ORGANIZATION_DETAILS, address: { line1: 'Hauptstraße 1', postalCode: '1' } }],
    ['/legalName', { ...ORGANIZATION_DETAILS, legalName: '   ' }],
  ])('answers 400 pointing at %s, calling nothing', async (pointer, body) => {
    const problem = problemOf(await submit(body), 400);

    expect(problem).toMatchObject({
      type: '/problems/validation-error',
      errors: expect.arrayContaining([expect.objectContaining({ pointer })]),
    });
    expect(dynamo.calls()).toEqual([]);
    expect(sfn.calls()).toEqual([]);
  });

  it('accepts the optional tax id and DUNS number and stores them with the request', async () => {
    accountIs();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).resolves({});
    sfn.on(StartExecutionCommand).resolves({});

    const response = await submit({
      ...ORGANIZATION_DETAILS,
      taxId: 'DE 123456789',
      dunsNumber: '123456789',
    });

    expect(response.statusCode).toBe(202);
    const [requestPut] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(requestPut?.Put?.Item?.['organization']).toMatchObject({
      taxId: 'DE 123456789',
      dunsNumber: '123456789',
    });
  });
});
