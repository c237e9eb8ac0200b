import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Suppression } from '../../domain/email-suppression';
import { type Page, type SuppressionList } from '../../ports';
import { keys, SUPPRESSION_COLLECTION, TABLE_DESIGN } from './table-design';
import { decodeCollectionCursor, encodeCollectionCursor } from './collection-cursor';
import { isConditionFailure } from './transactions';
import { storedSuppression } from './stored-items';

/**
 * The suppression list in the Portico table: one item per address (pk=SUPPRESSED#<address>), listed for
 * operators in the byCollection index (SUPPRESSED, newest first). A send reads the address's item (an
 * eventually consistent GetItem, 0.5 RCU): a report lands seconds after the send it concerns, so a read that
 * lags by a second changes nothing.
 */
export class DynamoSuppressionList implements SuppressionList {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(email: string): Promise<Suppression | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: keys.suppression(email) }),
    );
    return Item ? storedSuppression.parse(Item) : undefined;
  }

  async add(suppression: Suppression): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.suppression(suppression.email),
            ...keys.suppressionCollection(suppression.at, suppression.email),
            entity: 'SUPPRESSION',
            ...suppression,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async list(query: { limit: number; cursor?: string | undefined }): Promise<Page<Suppression>> {
    const index = TABLE_DESIGN.byCollection;
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :collection',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':collection': SUPPRESSION_COLLECTION },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.cursor
          ? { ExclusiveStartKey: decodeCollectionCursor(query.cursor, SUPPRESSION_COLLECTION) }
          : {}),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => storedSuppression.parse(item)),
      cursor: page.LastEvaluatedKey ? encodeCollectionCursor(page.LastEvaluatedKey) : undefined,
    };
  }
}
