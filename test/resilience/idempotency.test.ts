import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyRange } from '../../functions/core/adapters/dynamodb/table-design';
import {
  apiClient,
  awsClients,
  mailbox,
  person,
  REGISTRATION,
  removeData,
  startStack,
  verifiedPerson,
  type RunningStack,
  expectStatus,
} from '../integration/local-stack';
import { report } from './report';

/**
 * Issue 5, item 6: a write repeated with the same Idempotency-Key has one effect, over real HTTP against the
 * local stack, read back from the emails and the table. Without the key the same repetitions would send a
 * second code (or be throttled), create a second group, or find the deleted group gone (404).
 */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let adminToken: string;
let memberToken: string;
let memberId: string;

const GROUP = {
  name: 'Lab servers',
  shared: false,
  definition: { kind: 'FAMILIES', families: ['PowerEdge'] },
};

async function businessMember(email: string): Promise<string> {
  const token = await verifiedPerson(stack, email);
  expectStatus(
    await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } }),
    200,
  );
  expectStatus(await api('PUT', '/v1/me/registration', { token, body: REGISTRATION }), 200);
  return token;
}

/** The caller's own groups, read from the table (not through the API under test). */
async function storedGroupsOf(userId: string) {
  const range = keyRange(`GROUP#${userId}#`);
  const { Items = [] } = await awsClients(stack).documents.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':pk': 'ORG#org-acme', ':low': range.low, ':high': range.high },
    }),
  );
  return Items;
}

beforeAll(async () => {
  stack = await startStack({ args: ['--demo-products', '20'] });
  api = apiClient(stack);
  adminToken = await businessMember('idem-admin@acme.example');
  memberToken = await businessMember('idem-member@acme.example');
  memberId = String(expectStatus(await api('GET', '/v1/me', { token: memberToken }), 200).userId);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('a write repeated with the same Idempotency-Key', () => {
  it('signs up once: one code email, and the same answer twice', async () => {
    const email = 'idem-signup@acme.example';
    const headers = { 'Idempotency-Key': randomUUID() };

    const first = await api('POST', '/v1/signup', { body: person(email), headers });
    const again = await api('POST', '/v1/signup', { body: person(email), headers });

    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.text).toBe(first.text);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await mailbox(stack).emailsTo(email)).toHaveLength(1);
  });

  it('creates one group, even when ten copies arrive at once', async () => {
    const headers = { 'Idempotency-Key': randomUUID() };
    const body = { ...GROUP, name: 'Burst servers' };

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api('POST', '/v1/portal/groups', { token: memberToken, body, headers }),
      ),
    );
    // Copies that met the first one still running were told to retry; their retry gets the first answer.
    const retried = await Promise.all(
      answers.map((answer) =>
        answer.status === 409
          ? api('POST', '/v1/portal/groups', { token: memberToken, body, headers })
          : answer,
      ),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(
      answers
        .filter((answer) => answer.status === 409)
        .every((answer) => answer.headers.get('retry-after') === '1'),
    ).toBe(true);
    expect(new Set(retried.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(retried.map((answer) => answer.body.groupId)).size).toBe(1);
    expect(retried.filter((answer) => answer.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    const stored = (await storedGroupsOf(memberId)).filter((item) => item.name === 'Burst servers');
    expect(stored).toHaveLength(1);
    report('idempotency', {
      copies: answers.length,
      ran: 1,
      replayed: answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true').length,
      toldToRetry: statuses.filter((status) => status === 409).length,
      groupsStored: stored.length,
    });
  });

  it('deletes once: the repetition gets the first 204, not a 404', async () => {
    const created = expectStatus(
      await api('POST', '/v1/portal/groups', { token: memberToken, body: { ...GROUP, name: 'To delete' } }),
      201,
    );
    const headers = { 'Idempotency-Key': randomUUID() };
    const path = `/v1/portal/groups/${String(created.groupId)}`;

    const first = await api('DELETE', path, { token: memberToken, headers });
    const again = await api('DELETE', path, { token: memberToken, headers });
    const withoutKey = await api('DELETE', path, { token: memberToken });

    expect(first.status).toBe(204);
    expect(again.status).toBe(204);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(withoutKey.status).toBe(404);
  });

  it('refuses the key with a different request (422) and leaves the first effect alone', async () => {
    const headers = { 'Idempotency-Key': randomUUID() };
    expectStatus(
      await api('POST', '/v1/portal/groups', {
        token: memberToken,
        body: { ...GROUP, name: 'First' },
        headers,
      }),
      201,
    );

    const other = await api('POST', '/v1/portal/groups', {
      token: memberToken,
      body: { ...GROUP, name: 'Second' },
      headers,
    });

    expect(other.status).toBe(422);
    expect(other.contentType).toBe('application/problem+json');
    expect(other.body).toMatchObject({ type: '/problems/idempotency-key-reused' });
    expect((await storedGroupsOf(memberId)).filter((item) => item.name === 'Second')).toHaveLength(0);
  });

  it('keeps keys apart per caller: the same key from two people is two effects', async () => {
    const headers = { 'Idempotency-Key': 'shared-key-0001' };
    const body = { ...GROUP, name: 'Same key' };

    const admins = await api('POST', '/v1/portal/groups', { token: adminToken, body, headers });
    const members = await api('POST', '/v1/portal/groups', { token: memberToken, body, headers });

    expect(admins.status).toBe(201);
    expect(members.status).toBe(201);
    expect(members.headers.get('idempotent-replayed')).toBeNull();
    expect(members.body.groupId).not.toBe(admins.body.groupId);
  });

  it('answers 400 naming the header when the key is not one', async () => {
    const answer = await api('POST', '/v1/portal/groups', {
      token: memberToken,
      body: GROUP,
      headers: { 'Idempotency-Key': 'has spaces' },
    });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ pointer: 'header:/Idempotency-Key' }] });
  });
});
