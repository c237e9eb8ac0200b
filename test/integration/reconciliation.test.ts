import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  expectStatus,
  removeData,
  signIn,
  startStack,
  verifiedPerson,
  type RunningStack,
} from './local-stack';

/**
 * Identity reconciliation on the local stack (docs/identity.md#reconciliation): a console "disable" suspends
 * the account at the next run, "enable" lifts it, and a young sign-in without an account is left alone.
 */

let stack: RunningStack;
let operatorToken: string;
const run = Date.now().toString(36);

beforeAll(async () => {
  stack = await startStack({ args: ['--demo-products', '0'] });
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
});
