import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A BatchGetItem left keys unprocessed this many times in a row: the table is throttling. */
const MAX_BATCH_TRIES = 4;

export type ItemKey = { readonly pk: string; readonly sk: string };

/**
 * Reads up to 100 items of one table in one BatchGetItem, strongly consistent (keys left unprocessed are asked
 * again, at most MAX_BATCH_TRIES times). Answers a finder by key.
 */
export async function batchGet(
  documents: DynamoDBDocumentClient,
  tableName: string,
  wanted: readonly ItemKey[],
): Promise<(key: ItemKey | undefined) => Record<string, unknown> | undefined> {
  const found: Record<string, unknown>[] = [];
  let keysLeft: Record<string, unknown>[] = [...wanted];
  for (let tries = 1; keysLeft.length > 0; tries += 1) {
    if (tries > MAX_BATCH_TRIES) throw new Error('BatchGetItem left keys unprocessed: throttled');
    const { Responses, UnprocessedKeys } = await documents.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keysLeft, ConsistentRead: true } } }),
    );
    found.push(...(Responses?.[tableName] ?? []));
    keysLeft = UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return (key) => key && found.find((item) => item.pk === key.pk && item.sk === key.sk);
}
