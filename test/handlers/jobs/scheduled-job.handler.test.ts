import '../environment';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DUE_SHARDS, keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler } from '../../../functions/jobs/scheduled-job.handler';
import { SCHEDULED_JOB_NAMES } from '../../../functions/jobs/scheduled-jobs';
import { dynamo, items, resetAws, ses, sfn } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { lambdaContext } from '../events';
import { storedAccount } from '../fixtures';

const NOW = new Date('2025-03-10T12:00:00.000Z');

/** A jobs function with minutes left, as the 5-minute schedule timeout gives it. */
function context(remainingMs = 280_000): Context {
  return { ...lambdaContext('portico-jobs'), getRemainingTimeInMillis: () => remainingMs };
}

function run(event: unknown, remainingMs?: number) {
  return handler(event, context(remainingMs));
}

function queriedPartitions(): unknown[] {
  return dynamo
    .commandCalls(QueryCommand)
    .map((call) => call.args[0].input.ExpressionAttributeValues?.[':partition']);
}

beforeEach(() => {
  resetAws();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('scheduled job handler', () => {
  it.each([
    ['an unknown job', { job: 'scan-everything' }],
    ['no job', {}],
    ['no event', null],
  ])('throws for %s, touching nothing', async (_case, event) => {
    await expect(run(event)).rejects.toThrow();
    expect(dynamo.calls()).toEqual([]);
    expect(ses.calls()).toEqual([]);
    expect(sfn.calls()).toEqual([]);
  });

  it('reads the byDue index shard by shard up to now, and never scans', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    const result = await run({ job: 'remind-stalled-onboarding' });

    expect(result).toEqual({ job: 'remind-stalled-onboarding', done: 0, failed: 0, unfinished: false });
    expect(queriedPartitions()).toEqual(
      Array.from({ length: DUE_SHARDS }, (_, shard) => `ONBOARDING_REMINDER#${shard}`),
    );
    for (const call of dynamo.commandCalls(QueryCommand)) {
      expect(call.args[0].input).toMatchObject({
        TableName: TEST_ENVIRONMENT.TABLE_NAME,
        IndexName: 'byDue',
        KeyConditionExpression: '#pk = :partition AND #sk <= :until',
        ExpressionAttributeValues: { ':until': `${NOW.toISOString()}~` },
      });
    }
    expect(dynamo.commandCalls(ScanCommand)).toEqual([]);
  });

  // The backfill keeps its place in a cursor item besides its byDue queries (tested below).
  const DUE_WORK_JOBS = SCHEDULED_JOB_NAMES.filter(
    (job) => job !== 'measure-review-queue' && job !== 'backfill-digest-schedules',
  );

  it.each(DUE_WORK_JOBS)('runs %s with queries on the byDue index only', async (job) => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    await run({ job });

    expect(dynamo.calls().length).toBeGreaterThanOrEqual(DUE_SHARDS);
    for (const call of dynamo.calls()) {
      expect(call.args[0]).toBeInstanceOf(QueryCommand);
      expect((call.args[0] as QueryCommand).input.IndexName).toBe('byDue');
    }
  });

  it('backfill-digest-schedules reads its cursor, pages SUPPORT_STATUS over all time, schedules each organization once if missing, and saves the end', async () => {
    const entry = (organizationId: string, tag: string) => ({
      dueSk: keys.due('SUPPORT_STATUS', `${organizationId}/${tag}`, new Date('2027-05-01T00:00:00.000Z'))
        .dueSk,
    });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':partition': 'SUPPORT_STATUS#0' } })
      .resolves({ Items: [entry('org-a', 'T1'), entry('org-a', 'T2'), entry('org-b', 'T1')] });
    const { ConditionalCheckFailedException } = await import('@aws-sdk/client-dynamodb');
    dynamo
      .on(UpdateCommand)
      .resolves({})
      .on(UpdateCommand, { Key: keys.digestSchedule('org-b') })
      .rejects(new ConditionalCheckFailedException({ message: 'scheduled', $metadata: {} }));
    dynamo.on(PutCommand).resolves({});

    const result = await run({ job: 'backfill-digest-schedules' });

    expect(result).toEqual({ job: 'backfill-digest-schedules', done: 1, failed: 0, unfinished: false });
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: keys.jobCursor('backfill-digest-schedules'),
      ConsistentRead: true,
    });
    expect(queriedPartitions()).toEqual(
      Array.from({ length: DUE_SHARDS }, (_, shard) => `SUPPORT_STATUS#${shard}`),
    );
    for (const call of dynamo.commandCalls(QueryCommand)) {
      expect(call.args[0].input).toMatchObject({
        IndexName: 'byDue',
        ExpressionAttributeValues: { ':until': '9999-12-31T23:59:59.999Z~' },
      });
    }
    // Keys-only entries: pages of 1,000, not the other jobs' 50.
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.Limit).toBe(1000);
    const updates = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates.map((input) => input.Key)).toEqual([
      keys.digestSchedule('org-a'),
      keys.digestSchedule('org-b'),
    ]);
    expect(updates[0]).toMatchObject({
      ConditionExpression: 'attribute_not_exists(duePk)',
      ExpressionAttributeValues: {
        ':dueSk': keys.due('SUPPORT_DIGEST', 'org-a', new Date('2025-03-17T06:00:00.000Z')).dueSk,
      },
    });
    expect(dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item)).toEqual([
      expect.objectContaining({ ...keys.jobCursor('backfill-digest-schedules'), cursor: 'COMPLETE' }),
    ]);
    expect(dynamo.commandCalls(ScanCommand)).toEqual([]);
  });

  it('backfill-digest-schedules does nothing but read its cursor once the pass is complete', async () => {
    dynamo.on(GetCommand).resolves({ Item: { cursor: 'COMPLETE' } });

    const result = await run({ job: 'backfill-digest-schedules' });

    expect(result).toEqual({ job: 'backfill-digest-schedules', done: 0, failed: 0, unfinished: false });
    expect(dynamo.calls()).toHaveLength(1);
  });

  it('measure-review-queue reads the open requests of byCollection (oldest, then a count) and writes nothing', async () => {
    dynamo
      .on(QueryCommand, { Select: 'COUNT' })
      .resolves({ Count: 3 })
      .on(QueryCommand, { Limit: 1 })
      .resolves({ Items: [{ submittedAt: '2026-01-01T00:00:00.000Z' }] });

    await run({ job: 'measure-review-queue' });

    const inputs = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(input).toMatchObject({
        IndexName: 'byCollection',
        ExpressionAttributeValues: { ':collection': 'REVIEWS#OPEN' },
      });
    }
    expect(dynamo.calls()).toHaveLength(2);
  });

  it('finalize-reviews reads the unapplied decisions, then the reviews that never started', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    await run({ job: 'finalize-reviews' });

    expect(queriedPartitions()).toEqual([
      ...Array.from({ length: DUE_SHARDS }, (_, shard) => `REVIEW_DECISION#${shard}`),
      ...Array.from({ length: DUE_SHARDS }, (_, shard) => `REVIEW_START#${shard}`),
    ]);
  });

  it('follows a shard onto its next page before going on to the next shard', async () => {
    const lastKey = { duePk: 'SUPPORT_STATUS#0', dueSk: '2025-03-01T00:00:00.000Z#org-a/TAG' };
    dynamo.on(QueryCommand).resolvesOnce({ Items: [], LastEvaluatedKey: lastKey }).resolves({ Items: [] });

    await run({ job: 'roll-support-status' });

    const calls = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(calls[1]).toMatchObject({
      ExpressionAttributeValues: { ':partition': 'SUPPORT_STATUS#0' },
      ExclusiveStartKey: lastKey,
    });
    expect(queriedPartitions()).toEqual([
      'SUPPORT_STATUS#0',
      'SUPPORT_STATUS#0',
      'SUPPORT_STATUS#1',
      'SUPPORT_STATUS#2',
      'SUPPORT_STATUS#3',
    ]);
  });

  it('reminds a due account: reads it, emails the next step, records the reminder', async () => {
    const account = storedAccount({ state: 'CHOOSE_ACCESS_TYPE', updatedAt: '2025-03-01T08:00:00.000Z' });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':partition': 'ONBOARDING_REMINDER#0' } })
      .resolves({ Items: [{ dueSk: `2025-03-03T08:00:00.000Z#${account.userId}` }] });
    dynamo.on(GetCommand, { Key: keys.user(account.userId) }).resolves({ Item: items.account(account) });
    dynamo.on(PutCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    const result = await run({ job: 'remind-stalled-onboarding' });

    expect(result).toMatchObject({ done: 1, failed: 0 });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toMatchObject({
      Destination: { ToAddresses: [account.email] },
      Content: { Simple: { Subject: { Data: 'Finish setting up your Portico account' } } },
    });
    const put = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': account.revision },
      Item: { remindedIn: 'CHOOSE_ACCESS_TYPE', revision: account.revision + 1 },
    });
    // Reminded in this step: the account leaves the index.
    expect(put?.Item).not.toHaveProperty('duePk');
  });

  it('moves an early entry to the real due time, and drops that of a finished account, emailing nobody', async () => {
    const early = storedAccount({
      userId: 'user-moved-on',
      state: 'REGISTER_BUSINESS',
      accessType: 'CUSTOMER_EMPLOYEE',
      updatedAt: '2025-03-10T10:00:00.000Z',
      reminderDueAt: '2025-03-05T08:00:00.000Z',
    });
    const active = storedAccount({
      userId: 'user-active',
      state: 'ACTIVE',
      reminderDueAt: '2025-03-05T08:00:00.000Z',
    });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':partition': 'ONBOARDING_REMINDER#0' } })
      .resolves({
        Items: [
          { dueSk: `2025-03-05T08:00:00.000Z#${early.userId}` },
          { dueSk: `2025-03-05T08:00:00.000Z#${active.userId}` },
        ],
      });
    for (const account of [early, active]) {
      dynamo.on(GetCommand, { Key: keys.user(account.userId) }).resolves({ Item: items.account(account) });
    }
    dynamo.on(PutCommand).resolves({});

    const result = await run({ job: 'remind-stalled-onboarding' });

    expect(result).toMatchObject({ done: 2, failed: 0 });
    expect(ses.calls()).toEqual([]);
    const [moved, dropped] = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(moved).toMatchObject({
      ConditionExpression: 'revision = :expected',
      Item: {
        userId: early.userId,
        reminderDueAt: '2025-03-12T10:00:00.000Z',
        ...keys.due('ONBOARDING_REMINDER', early.userId, new Date('2025-03-12T10:00:00.000Z')),
      },
    });
    expect(moved?.Item).not.toHaveProperty('remindedIn');
    expect(dropped?.Item).toMatchObject({ userId: active.userId, state: 'ACTIVE' });
    expect(dropped?.Item).not.toHaveProperty('duePk');
    expect(dropped?.Item).not.toHaveProperty('reminderDueAt');
  });

  it('counts an item that failed and goes on; the run itself succeeds', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':partition': 'ONBOARDING_REMINDER#1' } })
      .resolves({ Items: [{ dueSk: '2025-03-03T08:00:00.000Z#user-broken' }] });
    dynamo.on(GetCommand).rejects(new Error('boom'));

    const result = await run({ job: 'remind-stalled-onboarding' });

    expect(result).toMatchObject({ done: 0, failed: 1, unfinished: false });
  });

  it('takes no page when the Lambda is about to time out, and says the work is unfinished', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    const result = await run({ job: 'expire-reviews' }, 10_000);

    expect(result).toEqual({ job: 'expire-reviews', done: 0, failed: 0, unfinished: true });
    expect(dynamo.calls()).toEqual([]);
  });
});
