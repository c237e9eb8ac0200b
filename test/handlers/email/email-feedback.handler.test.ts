import '../environment';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler } from '../../../functions/email/email-feedback.handler';
import { dynamo, resetAws, throttlingError } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { lambdaContext } from '../events';
import { sesBounceEvent, sesComplaintEvent } from '../ses-events';

const run = (event: unknown) => handler(event, lambdaContext('portico-emailFeedback'));

beforeEach(() => {
  resetAws();
});

describe('email feedback handler (SES bounces and complaints from EventBridge)', () => {
  it('puts a hard-bounced address on the suppression list, listed for operators, only if not there yet', async () => {
    dynamo.on(PutCommand).resolves({});

    const result = await run(sesBounceEvent('Ada@Acme.example'));

    expect(result).toEqual({ added: 1, known: 0 });
    const [put] = dynamo.commandCalls(PutCommand);
    expect(put?.args[0].input).toEqual({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      Item: {
        ...keys.suppression('ada@acme.example'),
        collectionPk: 'SUPPRESSED',
        collectionSk: '2026-12-05T09:00:00.000Z#ada@acme.example',
        entity: 'SUPPRESSION',
        email: 'ada@acme.example',
        reason: 'BOUNCE',
        detail: 'General',
        at: '2026-12-05T09:00:00.000Z',
        feedbackId: '0107019352a0e3c1-bounce-000000',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('puts a complaining address on the list', async () => {
    dynamo.on(PutCommand).resolves({});

    await run(sesComplaintEvent('grace@acme.example'));

    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      email: 'grace@acme.example',
      reason: 'COMPLAINT',
      detail: 'abuse',
    });
  });

  it('keeps the first report when the address is listed already (a redelivered event)', async () => {
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    await expect(run(sesBounceEvent('ada@acme.example'))).resolves.toEqual({ added: 0, known: 1 });
  });

  it('writes nothing for a soft bounce', async () => {
    await expect(run(sesBounceEvent('ada@acme.example', 'Transient'))).resolves.toEqual({
      added: 0,
      known: 0,
    });
    expect(dynamo.calls()).toEqual([]);
  });

  it.each([
    ['another SES event', { ...sesBounceEvent('ada@acme.example'), 'detail-type': 'Email Delivered' }],
    ['an event of another source', { ...sesBounceEvent('ada@acme.example'), source: 'aws.s3' }],
    ['no event', null],
  ])('fails on %s (EventBridge retries it, then the dead-letter queue keeps it)', async (_case, event) => {
    await expect(run(event)).rejects.toThrow();
    expect(dynamo.calls()).toEqual([]);
  });

  it('fails when DynamoDB is down, so EventBridge retries the event', async () => {
    dynamo.on(PutCommand).rejects(throttlingError());

    await expect(run(sesBounceEvent('ada@acme.example'))).rejects.toThrow();
  });
});

describe('the suppression list in DynamoDB, as the functions read it', () => {
  it('GET /v1/me and every send read the address item, and operators query byCollection newest first', async () => {
    // Covered through the handlers: here the adapter's shape of the list query.
    const { DynamoSuppressionList } =
      await import('../../../functions/core/adapters/dynamodb/suppression.list');
    const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const list = new DynamoSuppressionList(
      DynamoDBDocumentClient.from(new DynamoDBClient({})),
      TEST_ENVIRONMENT.TABLE_NAME,
    );
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });

    await expect(list.find('ada@acme.example')).resolves.toBeUndefined();
    await list.list({ limit: 10 });

    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TEST_ENVIRONMENT.TABLE_NAME,
      Key: keys.suppression('ada@acme.example'),
    });
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'byCollection',
      ExpressionAttributeValues: { ':collection': 'SUPPRESSED' },
      ScanIndexForward: false,
      Limit: 10,
    });
    await expect(list.list({ limit: 10, cursor: 'bm9wZQ' })).rejects.toThrow('not a cursor');
  });
});
