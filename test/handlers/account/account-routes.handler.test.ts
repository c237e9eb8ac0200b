import '../environment';
import {
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  NotAuthorizedException,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as changePassword } from '../../../functions/account/change-password.handler';
import { handler as exportData } from '../../../functions/account/export-data.handler';
import { handler as signOutEverywhere } from '../../../functions/account/sign-out-everywhere.handler';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { routes } from '../../../functions/routes';
import { cognito, dynamo, items, resetAws, ses } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf } from '../events';
import { storedAccount, storedRequest } from '../fixtures';

/** The Cognito adapter and the DynamoDB reads behind the signed-in account routes, with mocked AWS clients. */

const SUB = ADA_CLAIMS.sub;
const BODY = { currentPassword: 'Correct-Horse-42', newPassword: 'Another-Horse-43!' };

function change(body: object = BODY) {
  return changePassword(
    apiEvent(routes.changePassword, { body, claims: ADA_CLAIMS }),
    lambdaContext('portico-changePassword'),
  );
}

beforeEach(() => {
  resetAws();
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
});

describe('POST /v1/me/password', () => {
  it('checks the current password by signing in as the caller, then sets the new one and signs every session out', async () => {
    cognito.on(AdminInitiateAuthCommand).resolves({ AuthenticationResult: { IdToken: 'id' } });
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    ses.on(SendEmailCommand).resolves({});

    const response = await change();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ status: 'PASSWORD_CHANGED' });
    expect(cognito.commandCalls(AdminInitiateAuthCommand)[0]?.args[0].input).toEqual({
      UserPoolId: TEST_ENVIRONMENT.USER_POOL_ID,
      ClientId: TEST_ENVIRONMENT.USER_POOL_CLIENT_ID,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: SUB, PASSWORD: BODY.currentPassword },
    });
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)[0]?.args[0].input).toEqual({
      UserPoolId: TEST_ENVIRONMENT.USER_POOL_ID,
      Username: SUB,
      Password: BODY.newPassword,
      Permanent: true,
    });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]?.args[0].input).toEqual({
      UserPoolId: TEST_ENVIRONMENT.USER_POOL_ID,
      Username: SUB,
    });
    // The try was counted first, then cleared.
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      ...keys.passwordAttempts(SUB),
      failures: 1,
      version: 1,
    });
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual(keys.passwordAttempts(SUB));
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Destination?.ToAddresses).toEqual([
      ADA_CLAIMS.email,
    ]);
  });

  it("answers 400 naming /currentPassword for Cognito's NotAuthorizedException, changing nothing", async () => {
    cognito
      .on(AdminInitiateAuthCommand)
      .rejects(new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} }));

    const response = await change();

    expect(problemOf(response, 400).errors).toEqual([
      expect.objectContaining({ pointer: '/currentPassword' }),
    ]);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)).toEqual([]);
  });

  it("answers 429 when Cognito's own lock-out refuses the check", async () => {
    cognito
      .on(AdminInitiateAuthCommand)
      .rejects(new NotAuthorizedException({ message: 'Password attempts exceeded', $metadata: {} }));

    const response = await change();

    expect(problemOf(response, 429).type).toBe('/problems/too-many-requests');
  });
});

describe('POST /v1/me/sign-out-everywhere', () => {
  it("signs out every session of the caller's user, named by its id", async () => {
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});

    const response = await signOutEverywhere(
      apiEvent(routes.signOutEverywhere, { claims: ADA_CLAIMS }),
      lambdaContext('portico-signOutEverywhere'),
    );

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ status: 'SIGNED_OUT' });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)).toHaveLength(1);
  });
});

describe('GET /v1/me/export', () => {
  it('reads the account, then the rest in one consistent BatchGetItem', async () => {
    const account = storedAccount({ userId: SUB, email: ADA_CLAIMS.email, state: 'CHOOSE_ACCESS_TYPE' });
    dynamo.on(GetCommand, { Key: keys.user(SUB) }).resolves({ Item: items.account(account) });
    dynamo.on(BatchGetCommand).resolves({ Responses: {} });

    const response = await exportData(
      apiEvent(routes.exportData, { claims: ADA_CLAIMS }),
      lambdaContext('portico-exportData'),
    );

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({ account: { userId: SUB }, membership: null });
    const batch = dynamo.commandCalls(BatchGetCommand)[0]?.args[0].input;
    expect(batch?.RequestItems?.[TEST_ENVIRONMENT.TABLE_NAME]).toEqual({
      Keys: [keys.code(ADA_CLAIMS.email), keys.passwordAttempts(SUB)],
      ConsistentRead: true,
    });
  });
  it('gives a requester their organization request with every detail they submitted, as the contract says', async () => {
    const request = storedRequest();
    const account = storedAccount({
      userId: SUB,
      email: ADA_CLAIMS.email,
      state: 'PENDING_ORGANIZATION',
      organizationRequestId: request.requestId,
    });
    dynamo.on(GetCommand, { Key: keys.user(SUB) }).resolves({ Item: items.account(account) });
    dynamo.on(BatchGetCommand).resolves({
      Responses: { [TEST_ENVIRONMENT.TABLE_NAME]: [items.organizationRequest(request)] },
    });

    const response = await exportData(
      apiEvent(routes.exportData, { claims: ADA_CLAIMS }),
      lambdaContext('portico-exportData'),
    );

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      organizationRequest: {
        requestId: request.requestId,
        organization: {
          legalName: request.organization.legalName,
          address: request.organization.address,
          country: request.organization.country,
          website: request.organization.website,
        },
        requestedAt: request.requesters[0]?.requestedAt,
        otherRequesters: 0,
      },
    });
  });
});
