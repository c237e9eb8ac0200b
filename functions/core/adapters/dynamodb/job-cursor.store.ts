import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JobCursorStore } from '../../ports';
import { keys } from './table-design';

/** A paged job's place between runs: one item per job (GetItem, PutItem, DeleteItem; 1 RCU / 1 WCU). */
export class DynamoJobCursorStore implements JobCursorStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(job: string): Promise<string | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: keys.jobCursor(job), ConsistentRead: true }),
    );
    return typeof Item?.cursor === 'string' ? Item.cursor : undefined;
  }

  async save(job: string, cursor: string | undefined): Promise<void> {
    if (cursor === undefined) {
      await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: keys.jobCursor(job) }));
      return;
    }
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.jobCursor(job), entity: 'JOB_CURSOR', cursor, savedAt: new Date().toISOString() },
      }),
    );
  }
}
