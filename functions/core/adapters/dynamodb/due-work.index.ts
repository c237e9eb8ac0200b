import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { DueKind } from '../../domain/scheduled-work';
import type { DueWorkIndex } from '../../ports';
import { DUE_SHARDS, keys, TABLE_DESIGN } from './table-design';

interface Position {
  readonly shard: number;
  readonly startKey?: Record<string, unknown> | undefined;
}

/**
 * Reads the byDue index: for one kind of work, each shard's items due by `now`, oldest first, a page at a
 * time. `after` is opaque to callers: the shard and the last key read, so a job can stop and go on.
 */
export class DynamoDueWorkIndex implements DueWorkIndex {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async duePage(kind: DueKind, now: Date, limit: number, after?: string) {
    const index = TABLE_DESIGN.byDue;
    let position: Position | undefined = after
      ? (JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as Position)
      : { shard: 0 };
    const ids: string[] = [];
    while (position && ids.length < limit) {
      const page: QueryCommandOutput = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.indexName,
          KeyConditionExpression: '#pk = :partition AND #sk <= :until',
          ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
          ExpressionAttributeValues: {
            ':partition': keys.duePartition(kind, position.shard),
            ':until': keys.dueUntil(now),
          },
          ProjectionExpression: '#sk',
          Limit: limit - ids.length,
          ...(position.startKey ? { ExclusiveStartKey: position.startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const sortKey = String(item[index.sortKey]);
        ids.push(sortKey.slice(sortKey.indexOf('#') + 1));
      }
      position = page.LastEvaluatedKey
        ? { shard: position.shard, startKey: page.LastEvaluatedKey }
        : position.shard + 1 < DUE_SHARDS
          ? { shard: position.shard + 1 }
          : undefined;
    }
    return {
      ids,
      after: position ? Buffer.from(JSON.stringify(position)).toString('base64url') : undefined,
    };
  }
}
