import '../environment';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { handler } from '../../../functions/auth/pre-token-generation.handler';
import { ORGANIZATION_CLAIM_READ } from '../../../functions/auth/token-claims';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { ORGANIZATION_CLAIM } from '../../../functions/core/domain/organization-claim';
import { logger } from '../../../functions/core/logger';
import { dynamo, items, resetAws, throttlingError } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, lambdaContext } from '../events';
import { storedAccount } from '../fixtures';

/** A V1 pre-token-generation event as Cognito sends it for a password sign-in of ADA_CLAIMS's user. */
function tokenEvent(
  response: PreTokenGenerationTriggerEvent['response'] = { claimsOverrideDetails: {} },
): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    region: 'eu-central-1',
    userPoolId: TEST_ENVIRONMENT.USER_POOL_ID,
    userName: ADA_CLAIMS.sub,
    callerContext: {
      awsSdkVersion: 'aws-sdk-unknown-unknown',
      clientId: TEST_ENVIRONMENT.USER_POOL_CLIENT_ID,
    },
    triggerSource: 'TokenGeneration_Authentication',
    request: {
      userAttributes: { sub: ADA_CLAIMS.sub, email: ADA_CLAIMS.email, email_verified: 'true' },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
    },
    response,
  };
}

const run = (event: PreTokenGenerationTriggerEvent) =>
  handler(event, lambdaContext('portico-preTokenGeneration'));

const member = storedAccount({
  state: 'ACTIVE',
  accessType: 'CUSTOMER_EMPLOYEE',
  organizationId: 'org-acme',
  role: 'MEMBER',
});

function givenAccount(account: ReturnType<typeof storedAccount> | undefined): void {
  dynamo
    .on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) })
    .resolves(account ? { Item: items.account(account) } : {});
}

let loggedErrors: MockInstance<typeof logger.error>;

beforeEach(() => {
  resetAws();
  loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('pre-token-generation trigger (the organization claim of the ID token)', () => {
  it("names an active member's organization, read with one GetItem of the account", async () => {
    givenAccount(member);

    const result = await run(tokenEvent());

    expect(result.response.claimsOverrideDetails).toEqual({
      claimsToAddOrOverride: { [ORGANIZATION_CLAIM]: 'org-acme' },
    });
    expect(dynamo.calls()).toHaveLength(1);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      Key: keys.user(ADA_CLAIMS.sub),
    });
  });

  it('keeps the claims, suppressions and group overrides already in the event', async () => {
    givenAccount(member);

    const result = await run(
      tokenEvent({
        claimsOverrideDetails: {
          claimsToAddOrOverride: { locale: 'fr' },
          claimsToSuppress: ['phone_number'],
          groupOverrideDetails: { groupsToOverride: ['beta'] },
        },
      }),
    );

    expect(result.response.claimsOverrideDetails).toEqual({
      claimsToAddOrOverride: { locale: 'fr', [ORGANIZATION_CLAIM]: 'org-acme' },
      claimsToSuppress: ['phone_number'],
      groupOverrideDetails: { groupsToOverride: ['beta'] },
    });
  });

  it('adds the claim when Cognito sends claimsOverrideDetails: null (nothing set it yet)', async () => {
    givenAccount(member);
    const event = tokenEvent();
    (event.response as { claimsOverrideDetails: unknown }).claimsOverrideDetails = null;

    const result = await run(event);

    expect(result.response.claimsOverrideDetails).toEqual({
      claimsToAddOrOverride: { [ORGANIZATION_CLAIM]: 'org-acme' },
    });
  });

  it.each([
    ['an account still onboarding', storedAccount({ state: 'ORGANIZATION_REQUIRED' })],
    [
      'an account waiting for approval',
      storedAccount({ state: 'AWAITING_APPROVAL', organizationId: 'org-acme' }),
    ],
    ['a partner (no organization)', storedAccount({ state: 'PARTNER_REFERRED', accessType: 'PARTNER' })],
    ['no account at all (an operator, a sign-up whose account was never written)', undefined],
  ])('adds no claim for %s', async (_name, account) => {
    givenAccount(account);
    const event = tokenEvent();

    const result = await run(event);

    expect(result).toEqual(event);
    expect(result.response.claimsOverrideDetails).toEqual({});
  });

  it('answers the event unchanged, without throwing, when DynamoDB fails', async () => {
    dynamo.on(GetCommand).rejects(throttlingError());
    const event = tokenEvent({ claimsOverrideDetails: { claimsToAddOrOverride: { locale: 'de' } } });

    await expect(run(event)).resolves.toEqual(event);
    expect(loggedErrors).toHaveBeenCalledWith('token issued without the organization claim', {
      error: expect.objectContaining({ name: 'OrganizationClaimUnavailableError' }),
      triggerSource: 'TokenGeneration_Authentication',
    });
  });

  it('answers the event unchanged once the read outlasts its deadline, well within Cognito’s 5 s', async () => {
    vi.useFakeTimers();
    dynamo.on(GetCommand).callsFake(() => new Promise(() => undefined));
    const event = tokenEvent();

    const result = run(event);
    await vi.advanceTimersByTimeAsync(ORGANIZATION_CLAIM_READ.deadlineMs);

    await expect(result).resolves.toEqual(event);
    expect(loggedErrors).toHaveBeenCalledOnce();
    expect(ORGANIZATION_CLAIM_READ.deadlineMs).toBeLessThan(5000);
  });

  it('answers the event unchanged when the event names no user', async () => {
    const event = tokenEvent();
    event.request.userAttributes = {};

    await expect(run(event)).resolves.toEqual(event);
    expect(dynamo.calls()).toHaveLength(0);
  });
});
