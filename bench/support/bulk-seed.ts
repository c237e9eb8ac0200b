import { performance } from 'node:perf_hooks';
import {
  BatchGetCommand,
  BatchWriteCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { DynamoPortalInventoryWriter } from '../../functions/core/adapters/dynamodb/portal-inventory.writer';
import type { ProductRecord } from '../../functions/core/domain/portal';
import { round } from './stats';

/**
 * Fast seeding of products for the benches: the items are exactly those the import adapter writes
 * (DynamoPortalInventoryWriter.importProducts runs as usual, over a client that hands its transactions here
 * instead of sending them), written with BatchWriteItem, 25 items a request and many requests at once, and the
 * site counters added up and written with one UpdateItem per site. Nothing is conditioned, so it is only for a
 * fresh organization of a bench's own table; the import itself is measured apart (support/populate.ts).
 * About ten times faster than importing on DynamoDB Local, where each 100-action transaction is slow.
 */

const BATCH_ITEMS = 25;
const MAX_BATCH_TRIES = 8;

export interface SeedFigures {
  readonly products: number;
  readonly items: number;
  readonly batchWrites: number;
  readonly seconds: number;
  readonly productsPerSecond: number;
}

type Item = Record<string, unknown>;

interface CapturedWrites {
  readonly puts: Item[];
  /** Site key (JSON) → the key and its counter deltas. */
  readonly counters: Map<string, { key: Item; deltas: Map<string, number> }>;
}

/**
 * A document client for the import adapter that answers its batch reads with nothing (a fresh organization),
 * keeps its transactions (puts and counter ADDs) and forwards anything else.
 */
function capturingClient(
  documents: DynamoDBDocumentClient,
  captured: CapturedWrites,
): DynamoDBDocumentClient {
  const send = async (command: unknown) => {
    // The organization is fresh: the import's read of what is stored finds nothing (it is not sent).
    if (command instanceof BatchGetCommand) return { Responses: {} };
    if (!(command instanceof TransactWriteCommand)) {
      return documents.send(command as Parameters<DynamoDBDocumentClient['send']>[0]);
    }
    for (const action of command.input.TransactItems ?? []) {
      if (action.Put?.Item) captured.puts.push(action.Put.Item);
      else if (action.Update) {
        const {
          Key,
          UpdateExpression = '',
          ExpressionAttributeNames = {},
          ExpressionAttributeValues = {},
        } = action.Update;
        if (!UpdateExpression.startsWith('ADD ') || !Key)
          throw new Error(`seeding cannot replay ${UpdateExpression}`);
        const id = JSON.stringify(Key);
        let site = captured.counters.get(id);
        if (!site) captured.counters.set(id, (site = { key: Key, deltas: new Map() }));
        for (const [, name, value] of UpdateExpression.matchAll(/(#\w+) (:\w+)/g)) {
          const attribute = ExpressionAttributeNames[name as string] as string;
          const delta = ExpressionAttributeValues[value as string] as number;
          site.deltas.set(attribute, (site.deltas.get(attribute) ?? 0) + delta);
        }
      } else if (action.Delete) throw new Error('seeding is for new products only');
      // ConditionChecks (the sites exist) are left out: the bench wrote the sites.
    }
    return {};
  };
  return { send } as unknown as DynamoDBDocumentClient;
}

/** Writes `products` of a fresh organization (its sites already imported) as the import would, in bulk. */
export async function seedProducts(options: {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly organizationId: string;
  readonly requests: readonly (readonly ProductRecord[])[];
  readonly today: string;
  readonly concurrency: number;
}): Promise<SeedFigures> {
  const { documents, tableName, organizationId, today } = options;
  const started = performance.now();
  const captured: CapturedWrites = { puts: [], counters: new Map() };
  const writer = new DynamoPortalInventoryWriter(capturingClient(documents, captured), tableName);
  for (const request of options.requests) {
    const outcomes = await writer.importProducts(organizationId, request, new Date(`${today}T00:00:00.000Z`));
    if (outcomes.some((outcome) => outcome.result !== 'CREATED')) {
      throw new Error(`${organizationId}: seeding is for new products only`);
    }
  }

  const batches: Item[][] = [];
  for (let index = 0; index < captured.puts.length; index += BATCH_ITEMS) {
    batches.push(captured.puts.slice(index, index + BATCH_ITEMS));
  }
  let next = 0;
  let batchWrites = 0;
  const worker = async () => {
    while (next < batches.length) {
      let items = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      for (let tries = 1; items.length > 0; tries++) {
        if (tries > MAX_BATCH_TRIES) throw new Error('BatchWriteItem kept items unprocessed');
        const { UnprocessedItems } = await documents.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: items } }),
        );
        batchWrites += 1;
        items = (UnprocessedItems?.[tableName] ?? []) as typeof items;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  await Promise.all(
    [...captured.counters.values()].map(({ key, deltas }) => {
      const cells = [...deltas].filter(([, delta]) => delta !== 0);
      if (cells.length === 0) return undefined;
      return documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: `ADD ${cells.map((_, index) => `#c${index} :d${index}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(cells.map(([name], index) => [`#c${index}`, name])),
          ExpressionAttributeValues: Object.fromEntries(
            cells.map(([, delta], index) => [`:d${index}`, delta]),
          ),
        }),
      );
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const products = options.requests.reduce((sum, request) => sum + request.length, 0);
  return {
    products,
    items: captured.puts.length,
    batchWrites,
    seconds: round(seconds, 2),
    productsPerSecond: Math.round(products / seconds),
  };
}
