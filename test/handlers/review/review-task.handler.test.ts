import '../environment';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler } from '../../../functions/review/review-task.handler';
import { dynamo, items, resetAws, ses, sfn, throttlingError } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { lambdaContext } from '../events';
import { REQUEST_ID, storedOrganization, storedRequest } from '../fixtures';

function run(event: unknown) {
  return handler(event, lambdaContext('portico-review'));
}

function requestIs(request = storedRequest()) {
  dynamo
    .on(GetCommand, { Key: keys.organizationRequest(request.requestId) })
    .resolves({ Item: items.organizationRequest(request) });
}

beforeEach(() => {
  resetAws();
  // The review runs on the system clock: one day into the review of storedRequest() (a Monday at 09:00).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-04T09:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('review task handler', () => {
  it('answers check-decision with the outcome and the wait, from one consistent read', async () => {
    requestIs();

    const result = await run({ task: 'check-decision', requestId: REQUEST_ID });

    expect(result).toEqual({ outcome: 'PENDING', waitSeconds: 900 });
    expect(dynamo.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetCommand']);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      Key: { pk: `ORGREQ#${REQUEST_ID}`, sk: 'REQUEST' },
      ConsistentRead: true,
    });
  });

  it('answers check-decision with a recorded decision', async () => {
    requestIs(
      storedRequest({
        decision: {
          outcome: 'REJECTED',
          reason: 'Unknown',
          decidedBy: { userId: 'user-grace', email: 'grace@portico.example' },
          decidedAt: '2025-03-04T08:00:00.000Z',
        },
      }),
    );

    expect(await run({ task: 'check-decision', requestId: REQUEST_ID })).toEqual({
      outcome: 'REJECTED',
      waitSeconds: 1,
    });
  });

  it('validates a submitted request: claims the domain conditionally, then starts the review', async () => {
    requestIs(
      storedRequest({ stage: 'SUBMITTED', escalateAt: undefined, expiresAt: undefined, revision: 0 }),
    );
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(PutCommand).resolves({});

    const result = await run({ task: 'validate', requestId: REQUEST_ID });

    expect(result).toEqual({ outcome: 'REVIEW' });
    const [claim, request] = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(claim).toMatchObject({
      Item: { pk: 'REVIEWDOMAIN#acme.example', sk: 'OPEN_REQUEST', requestId: REQUEST_ID },
      ConditionExpression: 'attribute_not_exists(pk) OR requestId = :mine',
    });
    expect(request).toMatchObject({
      ConditionExpression: 'revision = :previous',
      ExpressionAttributeValues: { ':previous': 0 },
      Item: {
        stage: 'IN_REVIEW',
        escalateAt: '2025-03-06T09:00:00.000Z',
        expiresAt: '2025-03-07T09:00:00.000Z',
        duePk: expect.stringMatching(/^REVIEW_DEADLINE#[0-3]$/),
        collectionPk: 'REVIEWS#OPEN',
      },
    });
  });

  it('creates the pending organization with its domain items in one transaction', async () => {
    requestIs();
    dynamo.on(TransactWriteCommand).resolves({});

    expect(await run({ task: 'create-pending-organization', requestId: REQUEST_ID })).toEqual({ done: true });

    const [profile, domain] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(profile?.Put).toMatchObject({
      Item: { pk: `ORG#org-${REQUEST_ID}`, sk: 'PROFILE', status: 'PENDING', kind: 'CUSTOMER' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(domain?.Put?.Item).toMatchObject({ domainPk: 'DOMAIN#acme.example', status: 'PENDING' });
  });

  it('parks the request with the failure and tells the reviewers', async () => {
    requestIs();
    dynamo.on(PutCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    const result = await run({
      task: 'park',
      requestId: REQUEST_ID,
      failure: { Error: 'MailUnavailableError', Cause: 'SES is down' },
    });

    expect(result).toEqual({ done: true });
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      stage: 'NEEDS_ATTENTION',
      attention: { failedIn: 'IN_REVIEW', error: 'MailUnavailableError: SES is down' },
    });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toMatchObject({
      Destination: { ToAddresses: [TEST_ENVIRONMENT.REVIEWER_EMAIL] },
    });
  });

  it.each([
    ['an unknown task', { task: 'approve-everything', requestId: REQUEST_ID }],
    ['no request id', { task: 'validate' }],
    ['an empty request id', { task: 'validate', requestId: '' }],
    ['a failure that is not an object', { task: 'park', requestId: REQUEST_ID, failure: 'boom' }],
    ['no event at all', null],
  ])('throws for an event with %s, touching nothing', async (_case, event) => {
    await expect(run(event)).rejects.toThrow();
    expect(dynamo.calls()).toEqual([]);
    expect(ses.calls()).toEqual([]);
    expect(sfn.calls()).toEqual([]);
  });

  it('throws for a request that does not exist, so the state machine retries and then parks it', async () => {
    dynamo.on(GetCommand).resolves({});

    await expect(run({ task: 'check-decision', requestId: REQUEST_ID })).rejects.toThrow(
      /no organization request/,
    );
  });

  it('throws when DynamoDB is throttling, for the state machine to retry', async () => {
    dynamo.onAnyCommand().rejects(throttlingError());

    await expect(run({ task: 'acknowledge', requestId: REQUEST_ID })).rejects.toThrow();
  });

  it('closes instead of reviewing when an organization owns the domain by now', async () => {
    // The request item as the writes leave it: the close re-reads it to check everyone was told.
    let requestItem: Record<string, unknown> = items.organizationRequest(
      storedRequest({ stage: 'SUBMITTED', escalateAt: undefined, expiresAt: undefined, revision: 0 }),
    );
    const requestKey = keys.organizationRequest(REQUEST_ID);
    const keep = (item: Record<string, unknown> | undefined) => {
      if (item?.['pk'] === requestKey.pk && item['sk'] === requestKey.sk) requestItem = item;
    };
    dynamo.on(GetCommand, { Key: requestKey }).callsFake(() => ({ Item: requestItem }));
    dynamo
      .on(GetCommand, { Key: keys.reviewDomainClaim('acme.example') })
      .resolves({ Item: { requestId: REQUEST_ID } });
    dynamo.on(QueryCommand).resolves({ Items: [items.organizationDomain(storedOrganization())] });
    dynamo.on(GetCommand, { Key: keys.user(storedRequest().requesters[0]?.userId ?? '') }).resolves({});
    dynamo.on(PutCommand).callsFake((input: { Item?: Record<string, unknown> }) => {
      keep(input.Item);
      return {};
    });
    dynamo
      .on(TransactWriteCommand)
      .callsFake((input: { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] }) => {
        for (const item of input.TransactItems ?? []) keep(item.Put?.Item);
        return {};
      });
    ses.on(SendEmailCommand).resolves({});

    const result = await run({ task: 'validate', requestId: REQUEST_ID });

    expect(result).toEqual({ outcome: 'CLOSED' });
    const closing = dynamo.commandCalls(TransactWriteCommand).at(-1)?.args[0].input.TransactItems ?? [];
    expect(closing[0]?.Put?.Item).toMatchObject({ stage: 'CLOSED', collectionPk: 'REVIEWS#CLOSED' });
    expect(closing[0]?.Put?.Item).not.toHaveProperty('duePk');
    expect(closing[1]?.Delete).toMatchObject({
      Key: { pk: 'REVIEWDOMAIN#acme.example', sk: 'OPEN_REQUEST' },
    });
  });
});
