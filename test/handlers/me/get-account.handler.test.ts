import '../environment';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/me/get-account.handler';
import { routes } from '../../../functions/routes';
import { dynamo, items, resetAws, givenNoSuppressions } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf } from '../events';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { REQUEST_ID, storedAccount, storedRequest } from '../fixtures';

function getAccount(claims = ADA_CLAIMS) {
  return handler(apiEvent(routes.getAccount, { claims }), lambdaContext('portico-getAccount'));
}

beforeEach(() => {
  resetAws();
});

describe('GET /v1/me', () => {
  it("answers 200 with the caller's account, state, next step and access level", async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(storedAccount()) });
    givenNoSuppressions();

    const response = await getAccount();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      userId: ADA_CLAIMS.sub,
      email: 'ada@acme.example',
      emailVerified: true,
      state: 'CHOOSE_ACCESS_TYPE',
      accessLevel: 'LIMITED',
      nextStep: { step: 'CHOOSE_ACCESS_TYPE' },
      emailDomain: { domain: 'acme.example', kind: 'WORK' },
      restrictions: [],
    });
  });

  it('shows the EMAIL_UNDELIVERABLE restriction while the address is on the suppression list', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(storedAccount()) });
    dynamo.on(GetCommand, { Key: keys.suppression(ADA_CLAIMS.email) }).resolves({
      Item: {
        ...keys.suppression(ADA_CLAIMS.email),
        entity: 'SUPPRESSION',
        email: ADA_CLAIMS.email,
        reason: 'COMPLAINT',
        at: '2026-12-05T09:05:00.000Z',
        feedbackId: 'feedback-2',
      },
    });

    const response = await getAccount();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      restrictions: [
        {
          code: 'EMAIL_UNDELIVERABLE',
          detail: expect.stringContaining('reported as spam on 2026-12-05') as string,
          since: '2026-12-05T09:05:00.000Z',
        },
      ],
    });
  });

  it('reads the account of the sub in the token, consistently', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(storedAccount()) });
    givenNoSuppressions();

    await getAccount();

    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      Key: { pk: `USER#${ADA_CLAIMS.sub}`, sk: 'PROFILE' },
      ConsistentRead: true,
    });
  });

  it('never shows storage keys or bookkeeping attributes', async () => {
    dynamo.on(GetCommand).resolves({ Item: items.account(storedAccount()) });
    givenNoSuppressions();

    const body = jsonBody(await getAccount());

    expect(body).not.toHaveProperty('pk');
    expect(body).not.toHaveProperty('sk');
    expect(body).not.toHaveProperty('entity');
    expect(body).not.toHaveProperty('revision');
  });

  it('answers 404 problem+json when the sign-in has no Portico account', async () => {
    dynamo.on(GetCommand).resolves({});
    givenNoSuppressions();

    expect(problemOf(await getAccount(), 404).type).toBe('/problems/not-found');
  });

  it('shows a person waiting for a review the stage of their request, read by its id', async () => {
    const pending = storedAccount({
      state: 'PENDING_ORGANIZATION',
      accessType: 'CUSTOMER_EMPLOYEE',
      organizationRequestId: REQUEST_ID,
    });
    dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(pending) });
    dynamo
      .on(GetCommand, { Key: keys.organizationRequest(REQUEST_ID) })
      .resolves({ Item: items.organizationRequest(storedRequest()) });

    const response = await getAccount();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      state: 'PENDING_ORGANIZATION',
      nextStep: { step: 'PENDING_ORGANIZATION' },
      organizationRequest: {
        requestId: REQUEST_ID,
        stage: 'IN_REVIEW',
        decisionExpectedBy: storedRequest().escalateAt,
      },
    });
    expect(jsonBody(response)['organizationRequest']).not.toHaveProperty('history');
    expect(jsonBody(response)['organizationRequest']).not.toHaveProperty('requesters');
  });
});
