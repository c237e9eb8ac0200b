/**
 * A probe for the kill test's open finding (docs/identity.md): does DynamoDB Local (shared database on disk,
 * as `npm start` runs it) keep every write it acknowledged when its process is killed with SIGKILL? Many
 * concurrent transactions (two items each, as a registration's) are sent; after `KILL_AFTER` acknowledgements the
 * Java process is killed; it is started again on the same folder and every acknowledged item is read back.
 * Run: `npx tsx test/crash/dynamodb-local-kill.probe.ts [rounds] [transact|put|flush|proxy]` (not part of any test
 * project).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDurableDynamoDbProxy, type DurableProxy } from '../../local/emulators/dynamodb-durable-proxy';
import { startDynamoDbLocal } from '../../local/emulators/dynamodb-local';

/**
 * `transact` (a registration's shape), `put` (two single writes), `flush` (the transaction, then a single
 * PutItem of another item before it is counted), or `proxy` (the transaction through the local stack's DynamoDB
 * endpoint, local/emulators/dynamodb-durable-proxy.ts).
 */
const MODE = (['put', 'flush', 'proxy'] as const).find((mode) => mode === process.argv[3]) ?? 'transact';
const WRITERS = 300;
const KILL_AFTER = 150;
const PORT = 18_000 + Math.floor(Math.random() * 2000);

async function round(index: number): Promise<{ acknowledged: number; lost: string[] }> {
  const folder = mkdtempSync(join(tmpdir(), 'ddb-kill-'));
  let proxy: DurableProxy | undefined;
  const client = (maxAttempts = 1) =>
    DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: `http://127.0.0.1:${proxy?.port ?? PORT}`,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts,
      }),
    );
  let child = await startDynamoDbLocal({ port: PORT, dataDirectory: folder });
  if (MODE === 'proxy') proxy = await startDurableDynamoDbProxy({ port: 0, upstreamPort: PORT });
  const documents = client();
  await documents.send(
    new CreateTableCommand({
      TableName: 'probe',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
    }),
  );
  const acknowledged: number[] = [];
  let killed = false;
  const acknowledge = (n: number) => {
    if (killed) return;
    acknowledged.push(n);
    if (acknowledged.length >= KILL_AFTER) {
      killed = true;
      child.kill('SIGKILL');
    }
  };
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, n) => {
      try {
        if (MODE === 'put') {
          // The two items one after the other, each a single PutItem.
          await documents.send(
            new PutCommand({ TableName: 'probe', Item: { pk: `USER#${n}`, sk: 'PROFILE', n } }),
          );
          await documents.send(
            new PutCommand({ TableName: 'probe', Item: { pk: 'ORG#1', sk: `MEMBER#${n}`, n } }),
          );
        } else {
          if (MODE === 'flush') {
            // A single write after the transaction, acknowledged before the transaction is counted.
            await documents.send(
              new TransactWriteCommand({
                TransactItems: [
                  { Put: { TableName: 'probe', Item: { pk: `USER#${n}`, sk: 'PROFILE', n } } },
                  { Put: { TableName: 'probe', Item: { pk: 'ORG#1', sk: `MEMBER#${n}`, n } } },
                ],
              }),
            );
            await documents.send(new PutCommand({ TableName: 'probe', Item: { pk: `FLUSH#${n}`, sk: 'F' } }));
            return acknowledge(n);
          }
          await documents.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: 'probe', Item: { pk: `USER#${n}`, sk: 'PROFILE', n } } },
                { Put: { TableName: 'probe', Item: { pk: 'ORG#1', sk: `MEMBER#${n}`, n } } },
              ],
            }),
          );
        }
        acknowledge(n);
      } catch {
        // refused or cut off by the kill: not acknowledged
      }
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  await proxy?.close();
  proxy = undefined;
  child = await startDynamoDbLocal({ port: PORT, dataDirectory: folder });
  const again = client(10);
  const lost: string[] = [];
  for (const n of acknowledged) {
    for (const key of [
      { pk: `USER#${n}`, sk: 'PROFILE' },
      { pk: 'ORG#1', sk: `MEMBER#${n}` },
    ]) {
      const { Item } = await again.send(
        new GetCommand({ TableName: 'probe', Key: key, ConsistentRead: true }),
      );
      if (!Item) lost.push(`${key.pk}/${key.sk}`);
    }
  }
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone; // the next round's DynamoDB Local takes the same port
  rmSync(folder, { recursive: true, force: true });
  console.log(
    `${MODE} round ${index}: ${acknowledged.length} acknowledged before the kill, ${lost.length} items lost`,
    lost,
  );
  return { acknowledged: acknowledged.length, lost };
}

const rounds = Number(process.argv[2] ?? 3);
let lostTotal = 0;
for (let index = 1; index <= rounds; index++) lostTotal += (await round(index)).lost.length;
process.exit(lostTotal ? 1 : 0);
