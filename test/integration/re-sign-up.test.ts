import { AdminDeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  type ApiAnswer,
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
 * organization's counts do not change (docs/identity.md#signing-up-again-after-the-sign-in-was-lost). The same
 * for a person waiting on an organization request (the operator's approval reaches the re-linked account), and
 * for an account verified before address items existed, once reconciliation has backfilled its item.
 */

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({
    args: ['--demo-products', '0', '--review-day-seconds', '3', '--review-check-seconds', '1'],
    env: { CODE_RESEND_INTERVAL_SECONDS: '1' },
  });
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

/** Deletes the Cognito user of `email`, then signs the address up again and verifies it; answers the verify body. */
async function signUpAgain(email: string): Promise<Record<string, unknown>> {
  const api = apiClient(stack);
  await awsClients(stack).cognito.send(
    new AdminDeleteUserCommand({ UserPoolId: stack.userPoolId, Username: email }),
  );
  await sleep(1_100); // the resend interval of this stack
  expectStatus(await api('POST', '/v1/signup', { body: { ...person(email), firstName: 'Dana B.' } }), 202);
  const code = await mailbox(stack).latestCode(email);
  return expectStatus(await api('POST', '/v1/signup/verify', { body: { email, code } }), 200);
}

async function eventually(
  read: () => Promise<ApiAnswer>,
  done: (answer: ApiAnswer) => boolean,
  timeoutMs = 30_000,
): Promise<ApiAnswer> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answer = await read();
    if (done(answer)) return answer;
    if (Date.now() > until) throw new Error(`gave up waiting; last answer: ${answer.text}`);
    await sleep(250);
  }
}

const stageOf = (answer: ApiAnswer) =>
  (answer.body.organizationRequest as { stage?: string } | null | undefined)?.stage;

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

  it('while waiting on an organization request: the request names the re-linked account and its approval reaches it', async () => {
    const api = apiClient(stack);
    const domain = `relink${Date.now().toString(36)}.example`;
    const email = `dana@${domain}`;
    const first = await verifiedPerson(stack, email);
    expectStatus(
      await api('PUT', '/v1/me/access-type', { token: first, body: { accessType: 'CUSTOMER_EMPLOYEE' } }),
      200,
    );
    expect(
      expectStatus(await api('PUT', '/v1/me/registration', { token: first, body: REGISTRATION }), 200),
    ).toMatchObject({ outcome: 'ORGANIZATION_REQUIRED' });
    const submitted = expectStatus(
      await api('POST', '/v1/organization-requests', {
        token: first,
        body: {
          legalName: 'Relink Industries',
          address: { line1: '1 Relink Way', city: 'Lyon', postalCode: '69001' },
          country: 'FR',
          website: `https://${domain}`,
          phone: '+33 4 00 00 00 00',
        },
      }),
      202,
    );
    const requestId = (submitted.organizationRequest as { requestId: string }).requestId;
    const firstUserId = String(expectStatus(await api('GET', '/v1/me', { token: first }), 200).userId);
    await eventually(
      () => api('GET', '/v1/me', { token: first }),
      (me) => stageOf(me) === 'IN_REVIEW',
    );

    expect(await signUpAgain(email)).toMatchObject({ state: 'PENDING_ORGANIZATION' });
    const token = await signIn(stack, email, PASSWORD);
    const me = expectStatus(await api('GET', '/v1/me', { token }), 200);
    expect(me).toMatchObject({ organizationRequest: { requestId, stage: 'IN_REVIEW' } });
    expect(me.userId).not.toBe(firstUserId);
    const request = await item(`ORGREQ#${requestId}`, 'REQUEST');
    expect(request?.requesters).toEqual([expect.objectContaining({ userId: me.userId, email })]);
    expect(request?.acknowledged).toEqual([me.userId]);

    const operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
    expectStatus(
      await api('POST', `/v1/operator/organization-requests/${requestId}/decision`, {
        token: operatorToken,
        body: { outcome: 'APPROVE' },
      }),
      201,
    );
    const active = await eventually(
      () => api('GET', '/v1/me', { token }),
      (answer) => stageOf(answer) === 'ACTIVATED',
    );
    expect(active.body).toMatchObject({
      state: 'ACTIVE',
      accessLevel: 'FULL',
      organization: { name: 'Relink Industries', role: 'ADMINISTRATOR' },
    });
  });

  it('for an account verified before address items: reconciliation backfills its item, then the re-sign-up re-links', async () => {
    const api = apiClient(stack);
    const email = `early.${Date.now().toString(36)}@acme.example`;
    const first = await activeAtAcme(email);
    // As an account verified before address items existed: no item, no flag.
    const { documents } = awsClients(stack);
    await documents.send(
      new DeleteCommand({ TableName: stack.tableName, Key: { pk: `EMAIL#${email}`, sk: 'OWNER' } }),
    );
    await documents.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { pk: `USER#${first.userId}`, sk: 'PROFILE' },
        UpdateExpression: 'REMOVE ownsAddressItem',
      }),
    );
    const before = await organizationCounts('org-acme');

    const operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
    let backfilled = 0;
    for (let run = 0; run < 20; run++) {
      const report = expectStatus(
        await api('POST', '/v1/operator/identity-reconciliation', { token: operatorToken }),
        200,
      );
      backfilled += Number(report.backfilledAddressItems);
      if (report.unfinished !== true) break;
    }
    expect(backfilled).toBeGreaterThanOrEqual(1);
    expect(await item(`EMAIL#${email}`, 'OWNER')).toMatchObject({ userId: first.userId });
    expect(await item(`USER#${first.userId}`, 'PROFILE')).toMatchObject({ ownsAddressItem: true });

    expect(await signUpAgain(email)).toMatchObject({ state: 'ACTIVE' });
    const token = await signIn(stack, email, PASSWORD);
    const me = expectStatus(await api('GET', '/v1/me', { token }), 200);
    expect(me).toMatchObject({ organization: { organizationId: 'org-acme' } });
    expect(me.userId).not.toBe(first.userId);
    expect(await organizationCounts('org-acme')).toEqual(before);
  });
});
