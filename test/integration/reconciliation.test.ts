import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  expectStatus,
  REGISTRATION,
  removeData,
  signIn,
  verifiedPerson,
  type RunningStack,
} from './local-stack';
import { sharedStack } from '../support/shared-stack';

/**
 * Identity reconciliation on the local stack (docs/identity.md#reconciliation): a console "disable" suspends
 * the account at the next run, "enable" lifts it, and a young sign-in without an account is left alone.
 */

let stack: RunningStack;
let operatorToken: string;
const run = Date.now().toString(36);

beforeAll(async () => {
  // Its people and organization are its own: a stack shared with other files does (test/support/stack-pool.ts).
  stack = await sharedStack();
  operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
});
afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

/** Runs reconciliation as an operator until its pass is complete. */
async function reconcile(): Promise<Record<string, unknown>> {
  let report: Record<string, unknown>;
  do {
    report = expectStatus(
      await apiClient(stack)('POST', '/v1/operator/identity-reconciliation', { token: operatorToken }),
      200,
    );
  } while (report.unfinished === true);
  return report;
}

describe('identity reconciliation', () => {
  it('suspends the account of a disabled sign-in (403 account-suspended) and lifts it once enabled', async () => {
    const email = `suspended.${run}@acme.example`;
    const token = await verifiedPerson(stack, email);
    const { cognito } = awsClients(stack);
    const api = apiClient(stack);

    await cognito.send(new AdminDisableUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
    await reconcile();

    const refused = await api('GET', '/v1/me', { token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      type: '/problems/account-suspended',
      reason: 'IDENTITY_DISABLED',
      detail: expect.stringContaining('enable your sign-in again'),
    });

    await cognito.send(new AdminEnableUserCommand({ UserPoolId: stack.userPoolId, Username: email }));
    await reconcile();

    expect(expectStatus(await api('GET', '/v1/me', { token }), 200).email).toBe(email);
  });

  it('leaves a sign-in without an account alone within the grace period, and the operator too', async () => {
    const email = `half-way.${run}@acme.example`;
    const { cognito } = awsClients(stack);
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );

    const report = await reconcile();

    expect(report).toMatchObject({ passCompleted: true, failed: 0 });
    for (const username of [email, stack.operator.email]) {
      await expect(
        cognito.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: username })),
      ).resolves.toMatchObject({ Username: expect.any(String) });
    }
  });

  it('flags an organization whose only administrator’s sign-in was deleted in the console, keeping its seat', async () => {
    const api = apiClient(stack);
    const domain = `gone-${run}.example`;
    const created = expectStatus(
      await api('POST', '/v1/operator/organizations', {
        token: operatorToken,
        body: {
          name: `Gone ${run}`,
          country: 'DE',
          address: { line1: 'Hafenstraße 3', city: 'Hamburg', postalCode: '20457' },
          kind: 'CUSTOMER',
        },
      }),
      201,
    );
    const organizationId = String(created.organizationId);
    expectStatus(
      await api('PATCH', `/v1/operator/organizations/${organizationId}`, {
        token: operatorToken,
        body: { revision: 0, addDomains: [domain] },
      }),
      200,
    );
    const email = `admin@${domain}`;
    const token = await verifiedPerson(stack, email);
    expectStatus(
      await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } }),
      200,
    );
    const registered = expectStatus(
      await api('PUT', '/v1/me/registration', { token, body: REGISTRATION }),
      200,
    );
    expect(registered).toMatchObject({
      outcome: 'ACTIVE',
      account: { organization: { role: 'ADMINISTRATOR' } },
    });
    expect((await reconcile()).organizationsWithoutUsableAdministrator).not.toContain(organizationId);

    const { cognito } = awsClients(stack);
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: stack.userPoolId, Username: email }));

    const report = await reconcile();
    expect(report.organizationsWithoutUsableAdministrator).toContain(organizationId);
    expect(report.organizationsSwept).toEqual(expect.any(Number));
  });
});
