import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AdministratorDirectory } from '../../ports';
import { keyRange, keys } from './table-design';

/**
 * The administrators of an organization, for reconciliation's "can anyone still administer it?" check: one
 * Query of the organization's memberships (paged), keeping the ADMINISTRATOR ones (the filter saves transfer,
 * not reads: every membership item of the organization is read).
 */
export class DynamoAdministratorDirectory implements AdministratorDirectory {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async administratorIds(organizationId: string): Promise<string[]> {
    const partition = keys.membership(organizationId, '');
    const range = keyRange(partition.sk);
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          FilterExpression: '#role = :administrator',
          ProjectionExpression: 'userId',
          ExpressionAttributeNames: { '#role': 'role' },
          ExpressionAttributeValues: {
            ':pk': partition.pk,
            ':low': range.low,
            ':high': range.high,
            ':administrator': 'ADMINISTRATOR',
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) if (typeof item.userId === 'string') ids.push(item.userId);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids;
  }
}
