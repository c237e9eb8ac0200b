import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FLUSH_KEY_VALUE,
  startDurableDynamoDbProxy,
  type DurableProxy,
} from '../../../local/emulators/dynamodb-durable-proxy';

/**
 * Parity with AWS (docs/identity.md, "DynamoDB Local and a hard kill"): DynamoDB answers a transaction once it is
 * durable; DynamoDB Local may answer before. The local stack's DynamoDB endpoint therefore writes one scratch item
 * after each successful TransactWriteItems and answers only after that write was answered. Here DynamoDB Local is
 * a fake that records what reaches it, in order.
 */

interface Received {
  target: string;
  body: Record<string, unknown>;
}

let fake: Server | undefined;
let proxy: DurableProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await new Promise((resolve) => (fake ? fake.close(resolve) : resolve(undefined)));
  fake = proxy = undefined;
});

async function setUp(answer: (received: Received) => { status: number; body: unknown; delayMs?: number }) {
  const received: Received[] = [];
  const events: string[] = [];
  fake = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const one = {
        target: String(request.headers['x-amz-target']).replace('DynamoDB_20120810.', ''),
        body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>,
      };
      received.push(one);
      const { status, body, delayMs } = answer(one);
      setTimeout(() => {
        events.push(`answered ${one.target}`);
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(body));
      }, delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => fake!.listen(0, '127.0.0.1', resolve));
  proxy = await startDurableDynamoDbProxy({ port: 0, upstreamPort: (fake.address() as AddressInfo).port });
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${proxy.port}`,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return { received, events, client };
}

const TABLE_DESCRIPTION = {
  Table: {
    TableName: 't',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'n', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'n', AttributeType: 'N' },
    ],
  },
};

const transaction = new TransactWriteItemsCommand({
  TransactItems: [
    { Put: { TableName: 't', Item: { pk: { S: 'USER#1' }, n: { N: '1' } } } },
    { Put: { TableName: 't', Item: { pk: { S: 'ORG#1' }, n: { N: '2' } } } },
  ],
});

describe('the local DynamoDB endpoint (durable transactions)', () => {
  it('answers a successful transaction only after a scratch PutItem to its table was answered', async () => {
    const { received, events, client } = await setUp(({ target }) =>
      target === 'DescribeTable'
        ? { status: 200, body: TABLE_DESCRIPTION }
        : // The scratch write is slow: the client must still wait for it.
          { status: 200, body: {}, delayMs: target === 'PutItem' ? 150 : 0 },
    );

    await client.send(transaction);
    events.push('client answered');

    expect(received.map((one) => one.target)).toEqual(['TransactWriteItems', 'DescribeTable', 'PutItem']);
    expect(received[2]!.body).toEqual({
      TableName: 't',
      Item: { pk: { S: FLUSH_KEY_VALUE }, n: { N: '0' } },
    });
    expect(events).toEqual([
      'answered TransactWriteItems',
      'answered DescribeTable',
      'answered PutItem',
      'client answered',
    ]);
    expect(proxy!.flushes()).toBe(1);

    // The table's key schema is looked up once.
    await client.send(transaction);
    expect(received.map((one) => one.target).slice(3)).toEqual(['TransactWriteItems', 'PutItem']);
  });

  it('passes every other request and a refused transaction through unchanged, with no scratch write', async () => {
    const { received, client } = await setUp(({ target }) =>
      target === 'TransactWriteItems'
        ? {
            status: 400,
            body: {
              __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
              message:
                'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
              CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
            },
          }
        : { status: 200, body: { Item: { pk: { S: 'USER#1' }, n: { N: '1' } } } },
    );

    const got = await client.send(
      new GetItemCommand({ TableName: 't', Key: { pk: { S: 'USER#1' }, n: { N: '1' } } }),
    );
    expect(got.Item).toEqual({ pk: { S: 'USER#1' }, n: { N: '1' } });
    await expect(client.send(transaction)).rejects.toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    expect(received.map((one) => one.target)).toEqual(['GetItem', 'TransactWriteItems']);
    expect(proxy!.flushes()).toBe(0);
  });

  it('does not acknowledge a transaction whose scratch write failed', async () => {
    const { client } = await setUp(({ target }) =>
      target === 'DescribeTable'
        ? { status: 200, body: TABLE_DESCRIPTION }
        : target === 'PutItem'
          ? { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError' } }
          : { status: 200, body: {} },
    );
    await expect(client.send(transaction)).rejects.toMatchObject({ name: 'InternalServerError' });
  });
});
