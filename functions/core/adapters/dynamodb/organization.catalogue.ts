import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Organization } from '../../domain/organization';
import { nameKey, type AppliedEdit, type DirectoryEvent } from '../../domain/organization-directory';
import { ConcurrentUpdateError, type OrganizationCatalogue, type Page } from '../../ports';
import { DynamoOrganizationDirectory } from './organization.directory';
import { DIRECTORY_COLLECTION, keyRange, keys, TABLE_DESIGN } from './table-design';
import { decodeCollectionCursor, encodeCollectionCursor } from './collection-cursor';
import { storedOrganization } from './stored-items';

const storedDirectoryEvent = z.object({
  organizationId: z.string(),
  at: z.string(),
  event: z.string(),
  detail: z.optional(z.string()),
  by: z.string(),
  revision: z.int(),
});

/**
 * The operators' organization directory: everything the registration path needs (DynamoOrganizationDirectory)
 * plus the name list, edits and history. A class of its own so that only the operator functions bundle it.
 */
export class DynamoOrganizationCatalogue
  extends DynamoOrganizationDirectory
  implements OrganizationCatalogue
{
  async listByName(query: {
    readonly prefix: string;
    readonly limit: number;
    readonly cursor?: string | undefined;
  }): Promise<Page<Organization>> {
    const index = TABLE_DESIGN.byCollection;
    const prefix = nameKey(query.prefix);
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: prefix ? '#pk = :pk AND #sk BETWEEN :low AND :high' : '#pk = :pk',
        ExpressionAttributeNames: {
          '#pk': index.partitionKey,
          ...(prefix ? { '#sk': index.sortKey } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': DIRECTORY_COLLECTION,
          ...(prefix ? { ':low': prefix, ':high': `${prefix}\u{10FFFF}` } : {}),
        },
        Limit: query.limit,
        ...(query.cursor
          ? { ExclusiveStartKey: decodeCollectionCursor(query.cursor, DIRECTORY_COLLECTION) }
          : {}),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => storedOrganization.parse(item)),
      cursor: page.LastEvaluatedKey ? encodeCollectionCursor(page.LastEvaluatedKey) : undefined,
    };
  }

  /**
   * One transaction: the profile's fields (an update, so the member counts the memberships keep stay as they
   * are) if its revision is still the one the operator read, a Put of every domain item the organization keeps or
   * gains (each carries a copy of the profile), a Delete of each it loses, and the history lines.
   */
  async saveEdit(edit: AppliedEdit, expectedRevision: number): Promise<void> {
    const { organization } = edit;
    const { administratorCount: _count, ...copy } = organization;
    const names: Record<string, string> = {
      '#name': 'name',
      '#kind': 'kind',
      '#status': 'status',
      '#city': 'city',
      '#country': 'country',
      '#domains': 'domains',
      '#revision': 'revision',
      '#collectionPk': TABLE_DESIGN.byCollection.partitionKey,
      '#collectionSk': TABLE_DESIGN.byCollection.sortKey,
    };
    const directoryEntry = keys.directoryEntry(nameKey(organization.name), organization.organizationId);
    const values: Record<string, unknown> = {
      ':name': organization.name,
      ':kind': organization.kind,
      ':status': organization.status,
      ':city': organization.city,
      ':country': organization.country,
      ':domains': organization.domains,
      ':revision': organization.revision ?? expectedRevision + 1,
      ':collectionPk': directoryEntry.collectionPk,
      ':collectionSk': directoryEntry.collectionSk,
      ':expected': expectedRevision,
    };
    const set = [
      '#name = :name',
      '#kind = :kind',
      '#status = :status',
      '#city = :city',
      '#country = :country',
      '#domains = :domains',
      '#revision = :revision',
      '#collectionPk = :collectionPk',
      '#collectionSk = :collectionSk',
    ];
    const remove: string[] = [];
    for (const field of ['address', 'divisionOf'] as const) {
      names[`#${field}`] = field;
      if (organization[field] === undefined) remove.push(`#${field}`);
      else {
        set.push(`#${field} = :${field}`);
        values[`:${field}`] = organization[field];
      }
    }
    const condition =
      expectedRevision === 0
        ? 'attribute_exists(pk) AND (attribute_not_exists(#revision) OR #revision = :expected)'
        : '#revision = :expected';
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.organization(organization.organizationId),
                UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
                ConditionExpression: condition,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            ...organization.domains.map((domain) => ({
              Put: { TableName: this.tableName, Item: this.domainItem(copy, domain) },
            })),
            ...edit.removed.map((domain) => ({
              Delete: {
                TableName: this.tableName,
                Key: keys.organizationDomain(organization.organizationId, domain),
              },
            })),
            ...edit.events.map((event, index) => ({
              Put: { TableName: this.tableName, Item: this.eventItem(event, index) },
            })),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new ConcurrentUpdateError('the organization changed since it was read');
      }
      throw error;
    }
  }

  async history(organizationId: string, limit: number): Promise<DirectoryEvent[]> {
    const range = keyRange('AUDIT#');
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: {
          ':pk': keys.organization(organizationId).pk,
          ':low': range.low,
          ':high': range.high,
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => storedDirectoryEvent.parse(item));
  }
}
