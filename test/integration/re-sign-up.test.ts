import { AdminDeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  expectStatus,
  mailbox,
  PASSWORD,
  person,
  REGISTRATION,
  removeData,
  signIn,
  startStack,
  verifiedPerson,
  type RunningStack,
} from './local-stack';

/**
 * Issue 21, the ghost on re-sign-up, over HTTP on the local stack: the first person of an organization is its
 * administrator; their Cognito user is deleted (as an AWS-console admin or a lost local pool would); they sign up
 * again with the same address and verify it: they get the same account back, still administrator, and the
 * organization's counts do not change (docs/identity.md#signing-up-again-after-the-sign-in-was-lost).
 */

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({ args: ['--demo-products', '0'], env: { CODE_RESEND_INTERVAL_SECONDS: '1' } });
});
afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

async function organizationCounts(organizationId: string) {
  const { Item } = await awsClients(stack).documents.send(
    new GetCommand({
      TableName: stack.tableName,
      Key: { pk: `ORG#${organizationId}`, sk: 'PROFILE' },
      ConsistentRead: true,
    }),
  );
  return { memberCount: Item?.memberCount, administratorCount: Item?.administratorCount };
}

async function item(pk: string, sk: string) {
  const { Item } = await awsClients(stack).documents.send(
    new GetCommand({ TableName: stack.tableName, Key: { pk, sk }, ConsistentRead: true }),
  );
  return Item;
}

async function activeAtAcme(email: string): Promise<{ token: string; userId: string }> {
  const api = apiClient(stack);
  const token = await verifiedPerson(stack, email);
  expectStatus(
    await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } }),
    200,
  );
  expectStatus(await api('PUT', '/v1/me/registration', { token, body: REGISTRATION }), 200);
  const me = expectStatus(await api('GET', '/v1/me', { token }), 200);
  return { token, userId: String(me.userId) };
}

describe('signing up again after the Cognito user was deleted', () => {
  it('gives the same account back, still administrator, with the member count unchanged', async () => {
    const api = apiClient(stack);
    const email = `dana.admin.${Date.now().toString(36)}@acme.example`;
    const first = await activeAtAcme(email);
    expect(expectStatus(await api('GET', '/v1/me', { token: first.token }), 200)).toMatchObject({
      organization: { organizationId: 'org-acme', role: 'ADMINISTRATOR' },
    });
    await activeAtAcme(`colleague.${Date.now().toString(36)}@acme.example`);
    const before = await organizationCounts('org-acme');
    expect(before).toEqual({ memberCount: 2, administratorCount: 1 });
    expect(await item(`EMAIL#${email}`, 'OWNER')).toMatchObject({ userId: first.userId });

    await awsClients(stack).cognito.send(
      new AdminDeleteUserCommand({ UserPoolId: stack.userPoolId, Username: email }),
    );
    await sleep(1_100); // the resend interval of this stack
    expectStatus(await api('POST', '/v1/signup', { body: { ...person(email), firstName: 'Dana B.' } }), 202);
    const code = await mailbox(stack).latestCode(email);
    const verified = expectStatus(await api('POST', '/v1/signup/verify', { body: { email, code } }), 200);

    expect(verified).toMatchObject({ email, state: 'ACTIVE', accessLevel: 'FULL' });
    const token = await signIn(stack, email, PASSWORD);
    const me = expectStatus(await api('GET', '/v1/me', { token }), 200);
    expect(me).toMatchObject({
      email,
      state: 'ACTIVE',
      firstName: 'Dana',
      organization: { organizationId: 'org-acme', role: 'ADMINISTRATOR' },
    });
    expect(me.userId).not.toBe(first.userId);
    const summary = expectStatus(await api('GET', '/v1/portal/summary', { token }), 200);
    expect(summary).toMatchObject({ member: { role: 'ADMINISTRATOR' } });

    expect(await organizationCounts('org-acme')).toEqual(before);
    expect(await item(`USER#${first.userId}`, 'PROFILE')).toBeUndefined();
    expect(await item('ORG#org-acme', `MEMBER#${first.userId}`)).toBeUndefined();
    expect(await item('ORG#org-acme', `MEMBER#${String(me.userId)}`)).toMatchObject({
      role: 'ADMINISTRATOR',
    });
    expect(await item(`EMAIL#${email}`, 'OWNER')).toMatchObject({ userId: me.userId });
    const members = expectStatus(await api('GET', '/v1/portal/members', { token }), 200);
    expect(members.items).toHaveLength(2);
    expect(members.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: me.userId, role: 'ADMINISTRATOR' }),
        expect.objectContaining({ role: 'MEMBER' }),
      ]),
    );
  });
});
