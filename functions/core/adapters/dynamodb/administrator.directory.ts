import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AdministratorContacts, AdministratorDirectory } from '../../ports';
import { isLocale, type Locale } from '../../i18n/locale';
import { keyRange, keys } from './table-design';

/**
 * The administrators of an organization, for reconciliation's "can anyone still administer it?" check: one
 * Query of the organization's memberships (paged), keeping the ADMINISTRATOR ones (the filter saves transfer,
 * not reads: every membership item of the organization is read).
 */
export class DynamoAdministratorDirectory implements AdministratorDirectory, AdministratorContacts {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async administratorIds(organizationId: string): Promise<string[]> {
    return (await this.administrators(organizationId, 'userId')).map((item) => item.userId);
  }

  async administratorContacts(
    organizationId: string,
  ): Promise<Array<{ userId: string; email: string; firstName: string; locale?: Locale | undefined }>> {
    return this.administrators(organizationId, 'userId, email, firstName, locale');
  }

  private async administrators(
    organizationId: string,
    projection: string,
  ): Promise<Array<{ userId: string; email: string; firstName: string; locale?: Locale | undefined }>> {
    const partition = keys.membership(organizationId, '');
    const range = keyRange(partition.sk);
    const found: Array<{ userId: string; email: string; firstName: string; locale?: Locale | undefined }> =
      [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          FilterExpression: '#role = :administrator',
          ProjectionExpression: projection,
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
      for (const item of page.Items ?? []) {
        if (typeof item.userId !== 'string') continue;
        found.push({
          userId: item.userId,
          email: typeof item.email === 'string' ? item.email : '',
          firstName: typeof item.firstName === 'string' ? item.firstName : '',
          ...(isLocale(item.locale) ? { locale: item.locale } : {}),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }
}
