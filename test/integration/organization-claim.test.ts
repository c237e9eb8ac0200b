import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANIZATION_CLAIM } from '../../functions/core/domain/organization-claim';
import { sharedStack } from '../support/shared-stack';
import {
  apiClient,
  awsClients,
  PASSWORD,
  REGISTRATION,
  removeData,
  signIn,
  verifiedPerson,
  type RunningStack,
} from './local-stack';

/**
 * The `portico:organization` claim on the local stack: cognito-local invokes the real pre-token-generation
 * trigger through the stack's Lambda endpoint (local/lambda-invoke.ts), as Cognito does on AWS.
 */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await sharedStack();
  api = apiClient(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('the organization claim of the ID token', () => {
  it('is absent while a person onboards, and names their organization once they are an active member (refresh and sign-in)', async () => {
    const email = `claim${Date.now()}@acme.example`;
    const onboarding = await verifiedPerson(stack, email);
    expect(decodeJwt(onboarding)).not.toHaveProperty(ORGANIZATION_CLAIM);
    const { cognito } = awsClients(stack);
    const session = await cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    const refreshToken = session.AuthenticationResult?.RefreshToken ?? '';

    await api('PUT', '/v1/me/access-type', {
      token: onboarding,
      body: { accessType: 'CUSTOMER_EMPLOYEE' },
    });
    const registration = await api('PUT', '/v1/me/registration', { token: onboarding, body: REGISTRATION });
    expect(registration.body).toMatchObject({ outcome: 'ACTIVE' });

    // What the web client does once GET /v1/me names an organization its ID token does not: a refresh.
    const refreshed = await cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    expect(decodeJwt(refreshed.AuthenticationResult?.IdToken ?? '.e30.')).toMatchObject({
      [ORGANIZATION_CLAIM]: 'org-acme',
    });
    const member = await signIn(stack, email, PASSWORD);
    expect(decodeJwt(member)).toMatchObject({ [ORGANIZATION_CLAIM]: 'org-acme', email });
    // The API takes the token with its claim as any other.
    const me = await api('GET', '/v1/me', { token: member });
    expect(me.body).toMatchObject({ state: 'ACTIVE' });
  });
});
