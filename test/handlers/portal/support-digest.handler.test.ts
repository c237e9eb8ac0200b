import '../environment';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys, OVERVIEW_RANGE, TABLE_DESIGN } from '../../../functions/core/adapters/dynamodb/table-design';
import { unsubscribeToken } from '../../../functions/core/domain/support-digest';
import { handler as scheduledJob } from '../../../functions/jobs/scheduled-job.handler';
import { handler as chooseSupportDigest } from '../../../functions/me/choose-support-digest.handler';
import { handler as unsubscribeDigest } from '../../../functions/portal/unsubscribe-digest.handler';
import { routes } from '../../../functions/routes';
import { dynamo, givenOrganizationStatus, items, resetAws, ses } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf } from '../events';
import { storedAccount, storedOrganization } from '../fixtures';

const TABLE = TEST_ENVIRONMENT.TABLE_NAME;
const ORG = 'org-acme';

function signedIn(): void {
  const account = storedAccount({
    state: 'ACTIVE',
    accessType: 'CUSTOMER_EMPLOYEE',
    organizationId: ORG,
    organizationName: 'Acme Industries',
    role: 'MEMBER',
  });
  dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(account) });
}

function transactionKeys(): unknown[] {
  const transaction = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
  return transaction.map((item) => [item.Update?.Key, item.Update?.ExpressionAttributeValues?.[':receive']]);
}

beforeEach(() => {
  resetAws();
});

describe('PUT /v1/me/support-digest', () => {
  const choose = (enabled: boolean) =>
    chooseSupportDigest(
      apiEvent(routes.chooseSupportDigest, { claims: ADA_CLAIMS, body: { enabled } }),
      lambdaContext('portico-chooseSupportDigest'),
    );

  it('writes the choice on the account and the membership together, and answers it', async () => {
    signedIn();
    givenOrganizationStatus('ACTIVE');
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await choose(true);

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ enabled: true, isDefault: false });
    expect(transactionKeys()).toEqual([
      [keys.membership(ORG, ADA_CLAIMS.sub), true],
      [keys.user(ADA_CLAIMS.sub), true],
    ]);
  });

  it('answers 403 for a deactivated organization, writing nothing', async () => {
    signedIn();
    givenOrganizationStatus('SUSPENDED');

    const response = await choose(false);

    expect(problemOf(response, 403).type).toBe('/problems/organization-deactivated');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('answers 400 naming the field for a body that is not a boolean choice', async () => {
    const response = await chooseSupportDigest(
      apiEvent(routes.chooseSupportDigest, { claims: ADA_CLAIMS, body: { enabled: 'yes' } }),
      lambdaContext('portico-chooseSupportDigest'),
    );
    expect(JSON.stringify(problemOf(response, 400))).toContain('/enabled');
  });
});

describe('POST /v1/support-digest/unsubscribe', () => {
  const unsubscribe = (token: string) =>
    unsubscribeDigest(
      apiEvent(routes.unsubscribeDigest, { body: { token } }),
      lambdaContext('portico-unsubscribeDigest'),
    );
  const token = unsubscribeToken(TEST_ENVIRONMENT.CODE_SECRET, { organizationId: ORG, userId: 'user-bob' });

  it('turns the digest off for the person the signed token names, without signing in', async () => {
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await unsubscribe(token);

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ unsubscribed: true });
    expect(transactionKeys()).toEqual([
      [keys.membership(ORG, 'user-bob'), false],
      [keys.user('user-bob'), false],
    ]);
  });

  it('answers the same 200 for someone who has left the organization since (idempotent)', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejects(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [] }),
      );

    const response = await unsubscribe(token);

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ unsubscribed: true });
  });

  it('answers 400 naming /token for a token it did not sign, writing nothing', async () => {
    const forged = unsubscribeToken('another-secret-0123456789abcdef-0123456789', {
      organizationId: ORG,
      userId: 'user-bob',
    });

    const response = await unsubscribe(forged);

    expect(problemOf(response, 400)).toMatchObject({ errors: [{ pointer: '/token' }] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });
});

describe('send-support-digests job', () => {
  const NOW = new Date('2026-12-07T07:00:00.000Z'); // Monday of 2026-W50

  function context(): Context {
    return { ...lambdaContext('portico-jobs'), getRemainingTimeInMillis: () => 280_000 };
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function givenDueOrganization(): void {
    const due = keys.due('SUPPORT_DIGEST', ORG, new Date('2026-12-07T06:00:00.000Z'));
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(QueryCommand, {
        IndexName: TABLE_DESIGN.byDue.indexName,
        ExpressionAttributeValues: { ':partition': due.duePk, ':until': `${NOW.toISOString()}~` },
      })
      .resolves({ Items: [{ dueSk: due.dueSk }] });
    dynamo
      .on(QueryCommand, {
        ExpressionAttributeValues: {
          ':pk': `ORG#${ORG}`,
          ':low': OVERVIEW_RANGE.low,
          ':high': OVERVIEW_RANGE.high,
        },
      })
      .resolves({
        Items: [
          items.organization(storedOrganization({ organizationId: ORG, name: 'Acme Industries' })),
          {
            ...keys.site(ORG, 'BER-1'),
            entity: 'SITE',
            siteId: 'BER-1',
            name: 'Berlin HQ',
            address: 'a',
            city: 'Berlin',
            country: 'DE',
          },
        ],
      });
    dynamo
      .on(QueryCommand, {
        IndexName: TABLE_DESIGN.bySupportEnd.indexName,
        ExpressionAttributeValues: {
          ':pk': `SUPPORTEND#${ORG}`,
          ':low': '2027-03-07#',
          ':high': '2027-03-13#~',
        },
      })
      .resolves({
        Items: [
          {
            ...keys.product(ORG, 'EXP1'),
            serviceTag: 'EXP1',
            model: 'PowerEdge R750',
            family: 'PowerEdge',
            siteId: 'BER-1',
            supportEndDate: '2027-03-08',
            supportStatus: 'ACTIVE',
            revision: 1,
          },
        ],
      });
    dynamo
      .on(QueryCommand, {
        ExpressionAttributeValues: { ':pk': `ORG#${ORG}`, ':low': 'MEMBER#', ':high': 'MEMBER$' },
      })
      .resolves({
        Items: [
          {
            ...keys.membership(ORG, 'u-admin'),
            userId: 'u-admin',
            email: 'admin@acme.example',
            firstName: 'Ada',
            lastName: 'A',
            role: 'ADMINISTRATOR',
            joinedAt: '2026-01-01T00:00:00.000Z',
          },
          {
            ...keys.membership(ORG, 'u-member'),
            userId: 'u-member',
            email: 'member@acme.example',
            firstName: 'Max',
            lastName: 'M',
            role: 'MEMBER',
            joinedAt: '2026-01-01T00:00:00.000Z',
          },
        ],
      });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  }

  it('takes the week marker, emails the administrator, and schedules next Monday', async () => {
    givenDueOrganization();

    const result = await scheduledJob({ job: 'send-support-digests' }, context());

    expect(result).toEqual({ job: 'send-support-digests', done: 1, failed: 0, unfinished: false });
    const puts = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts).toEqual([
      expect.objectContaining({
        TableName: TABLE,
        Item: expect.objectContaining(keys.digestSent(ORG, '2026-W50', 'u-admin')),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ]);
    const sent = ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    expect(sent.map((input) => input.Destination?.ToAddresses)).toEqual([['admin@acme.example']]);
    expect(sent[0]?.Content?.Simple?.Body?.Text?.Data).toContain('EXP1');
    expect(sent[0]?.Content?.Simple?.Body?.Text?.Data).toContain('/unsubscribe?token=');
    const schedule = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(schedule).toEqual([
      expect.objectContaining({
        Key: keys.digestSchedule(ORG),
        ExpressionAttributeValues: expect.objectContaining({
          ':dueSk': keys.due('SUPPORT_DIGEST', ORG, new Date('2026-12-14T06:00:00.000Z')).dueSk,
        }),
      }),
    ]);
  });

  it('sends nothing to a person whose digest of the week went out already', async () => {
    givenDueOrganization();
    const { ConditionalCheckFailedException } = await import('@aws-sdk/client-dynamodb');
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    const result = await scheduledJob({ job: 'send-support-digests' }, context());

    expect(result).toMatchObject({ done: 1, failed: 0 });
    expect(ses.commandCalls(SendEmailCommand)).toEqual([]);
    expect(dynamo.commandCalls(DeleteCommand)).toEqual([]);
  });
});
