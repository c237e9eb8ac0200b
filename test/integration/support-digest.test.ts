import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/core/adapters/dynamodb/table-design';
import { addDays, dayOf } from '../../functions/core/domain/portal';
import { isoWeekOf, nextDigestAt } from '../../functions/core/domain/support-digest';
import { LOCAL_TABLE_NAME } from '../../local/stack';
import {
  apiClient,
  awsClients,
  expectStatus,
  mailbox,
  REGISTRATION,
  removeData,
  signIn,
  startStack,
  verifiedPerson,
  type RunningStack,
} from './local-stack';

/**
 * The weekly support-expiry digest on the local stack, over HTTP: an operator imports products whose support
 * enters EXPIRING or EXPIRED this week, the organization's digest comes due (its schedule item is moved to the
 * past, as if Monday 06:00 had come), the local timer runs send-support-digests, and the digests arrive in the
 * local mailbox: the administrator's by default, the member's once they turn it on; a rerun sends none again;
 * the unsubscribe link works without signing in.
 */

const ORG = 'org-acme';
const DIGEST_SUBJECT = /^Portico: \d+ products? entering expiring or expired support this week$/;

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let documents: ReturnType<typeof awsClients>['documents'];
let admin: string;
let member: string;
/** When the products were imported: the import schedules the digest for the next Monday 06:00 after this. */
let importedFrom: Date;

async function activePerson(email: string): Promise<string> {
  const token = await verifiedPerson(stack, email);
  await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
  expect(
    expectStatus(await api('PUT', '/v1/me/registration', { token, body: REGISTRATION }), 200),
  ).toMatchObject({
    outcome: 'ACTIVE',
  });
  return token;
}

async function digestsTo(address: string) {
  return (await mailbox(stack).emailsTo(address)).filter((email) => DIGEST_SUBJECT.test(email.subject));
}

async function schedule(): Promise<string | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: keys.digestSchedule(ORG), ConsistentRead: true }),
  );
  return typeof Item?.['dueSk'] === 'string' ? Item['dueSk'] : undefined;
}

/**
 * The schedule names the next Monday 06:00 UTC after some moment since `since`. Both ends are accepted: a run
 * that straddles Monday 06:00 (CI started at 05:54 one Monday) schedules before it and checks after it.
 */
async function expectScheduledAfter(since: Date): Promise<void> {
  const allowed = [nextDigestAt(since), nextDigestAt(new Date())].map((at) => `${at.toISOString()}#${ORG}`);
  expect(allowed).toContain(await schedule());
}

/** Moves the organization's digest to a minute ago, as if its Monday had come. */
async function makeDigestDue(): Promise<void> {
  const due = keys.due('SUPPORT_DIGEST', ORG, new Date(Date.now() - 60_000));
  await documents.send(
    new UpdateCommand({
      TableName: LOCAL_TABLE_NAME,
      Key: keys.digestSchedule(ORG),
      UpdateExpression: 'SET duePk = :duePk, dueSk = :dueSk',
      ExpressionAttributeValues: { ':duePk': due.duePk, ':dueSk': due.dueSk },
    }),
  );
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  stack = await startStack({ args: ['--demo-products', '0'] });
  api = apiClient(stack);
  documents = awsClients(stack).documents;
  admin = await activePerson('first@acme.example');
  member = await activePerson('second@acme.example');

  const week = isoWeekOf(new Date());
  const operator = await signIn(stack, stack.operator.email, stack.operator.password);
  const importInto = (kind: string, rows: unknown[]) =>
    api('POST', `/v1/operator/organizations/${ORG}/imports/${kind}`, { token: operator, body: { rows } });
  expectStatus(
    await importInto('sites', [
      { siteId: 'DIGEST-1', name: 'Digest Plant', address: '1 Weekly Way', city: 'Berlin', country: 'DE' },
    ]),
    200,
  );
  importedFrom = new Date();
  expectStatus(
    await importInto('products', [
      // Enters EXPIRING on this week's Wednesday, EXPIRED on its Sunday; the third changes nothing this week.
      {
        serviceTag: 'DIG-EXPIRING',
        model: 'R750',
        family: 'PowerEdge',
        siteId: 'DIGEST-1',
        supportEndDate: addDays(week.from, 92),
      },
      {
        serviceTag: 'DIG-EXPIRED',
        model: 'R750',
        family: 'PowerEdge',
        siteId: 'DIGEST-1',
        supportEndDate: addDays(week.to, -1),
      },
      {
        serviceTag: 'DIG-LATER',
        model: 'R750',
        family: 'PowerEdge',
        siteId: 'DIGEST-1',
        supportEndDate: addDays(dayOf(new Date()), 400),
      },
    ]),
    200,
  );
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('the weekly support-expiry digest', () => {
  it('is scheduled by the import for next Monday 06:00 UTC', async () => {
    await expectScheduledAfter(importedFrom);
  });

  it('is on by default for administrators and off for members; a member turns it on', async () => {
    const digestOf = async (token: string) =>
      (expectStatus(await api('GET', '/v1/me', { token }), 200).organization as Record<string, unknown>)[
        'supportDigest'
      ];
    expect(await digestOf(admin)).toEqual({ enabled: true, isDefault: true });
    expect(await digestOf(member)).toEqual({ enabled: false, isDefault: true });

    const chosen = await api('PUT', '/v1/me/support-digest', { token: member, body: { enabled: true } });
    expect(expectStatus(chosen, 200)).toEqual({ enabled: true, isDefault: false });
    expect(await digestOf(member)).toEqual({ enabled: true, isDefault: false });
  });

  it('arrives once per person in the local mailbox, by site, and a rerun of the week sends none again', async () => {
    const madeDueAt = new Date();
    await makeDigestDue();
    const [digest] = await eventually(
      () => digestsTo('first@acme.example'),
      (emails) => emails.length > 0,
      "the administrator's digest",
    );
    await eventually(
      () => digestsTo('second@acme.example'),
      (emails) => emails.length > 0,
      "the member's digest",
    );
    const text = digest?.body.text ?? '';
    expect(text).toContain('Digest Plant');
    expect(text).toContain('DIG-EXPIRING');
    expect(text).toContain('DIG-EXPIRED');
    expect(text).not.toContain('DIG-LATER');
    expect(text).toContain('/unsubscribe?token=');
    await expectScheduledAfter(madeDueAt);

    // The job runs the same week again (a retry, a crash after the emails): nobody gets a second digest.
    await makeDigestDue();
    await eventually(schedule, (dueSk) => (dueSk ?? '') > new Date().toISOString(), 'the rerun');
    expect(await digestsTo('first@acme.example')).toHaveLength(1);
    expect(await digestsTo('second@acme.example')).toHaveLength(1);
  });

  it("stops with the digest's link, without signing in, however often it is used", async () => {
    const [digest] = await digestsTo('second@acme.example');
    const token = decodeURIComponent(
      /\/unsubscribe\?token=([^\s]+)/.exec(digest?.body.text ?? '')?.[1] ?? '',
    );
    expect(token).not.toBe('');

    for (let i = 0; i < 2; i++) {
      const answer = await api('POST', '/v1/support-digest/unsubscribe', { body: { token } });
      expect(expectStatus(answer, 200)).toEqual({ unsubscribed: true });
    }
    const me = expectStatus(await api('GET', '/v1/me', { token: member }), 200);
    expect((me.organization as Record<string, unknown>)['supportDigest']).toEqual({
      enabled: false,
      isDefault: false,
    });

    const tampered = await api('POST', '/v1/support-digest/unsubscribe', { body: { token: `${token}x` } });
    expect(expectStatus(tampered, 400)).toMatchObject({ errors: [{ pointer: '/token' }] });
  });
});
