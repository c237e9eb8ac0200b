import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Organization } from '../../domain/organization';
import { nameKey, type AppliedEdit, type DirectoryEvent } from '../../domain/organization-directory';
import {
  ConcurrentUpdateError,
  InvalidCursorError,
  type OrganizationDirectory,
  type Page,
} from '../../ports';
import { DIRECTORY_COLLECTION, keyRange, keys, TABLE_DESIGN } from './table-design';
import { storedOrganization } from './stored-items';

const storedDirectoryEvent = z.object({
  organizationId: z.string(),
  at: z.string(),
  event: z.string(),
  detail: z.optional(z.string()),
  by: z.string(),
  revision: z.int(),
});

type Key = Record<string, string>;
const CURSOR_KEYS = ['pk', 'sk', TABLE_DESIGN.byCollection.partitionKey, TABLE_DESIGN.byCollection.sortKey];

/**
 * Organization profiles. Each domain an organization owns is its own item carrying a copy of the profile
 * and the byEmailDomain index keys, so "who owns this domain" is one Query, however many organizations exist.
 */
export class DynamoOrganizationDirectory implements OrganizationDirectory {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findByEmailDomain(domain: string): Promise<Organization[]> {
    const index = TABLE_DESIGN.byEmailDomain;
    const organizations: Organization[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.partitionKey },
          ExpressionAttributeValues: { ':pk': keys.domainPartition(domain) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) organizations.push(storedOrganization.parse(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return organizations;
  }

  /** The profile, read consistently: its `administratorCount` decides the role of the next person to join. */
  async getOrganization(organizationId: string): Promise<Organization | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.organization(organizationId),
        ConsistentRead: true,
      }),
    );
    return Item ? storedOrganization.parse(Item) : undefined;
  }

  /**
   * Creates the profile and one item per domain together (seeding, and the review workflow's pending profile);
   * answers false, changing nothing, when the organization already exists.
   */
  async createOrganization(organization: Organization, history?: DirectoryEvent): Promise<boolean> {
    try {
      await this.documents.send(this.creation(organization, history));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  async activateOrganization(organization: Organization): Promise<Organization> {
    const status = {
      UpdateExpression: 'SET #status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
    };
    await this.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.organization(organization.organizationId),
              ...status,
              ConditionExpression: '#status IN (:pending, :active)',
              ExpressionAttributeValues: { ':active': 'ACTIVE', ':pending': 'PENDING' },
            },
          },
          ...organization.domains.map((domain) => ({
            Update: {
              TableName: this.tableName,
              Key: keys.organizationDomain(organization.organizationId, domain),
              ...status,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':active': 'ACTIVE' },
            },
          })),
        ],
      }),
    );
    return { ...organization, status: 'ACTIVE' };
  }

  async removePendingOrganization(organization: Organization): Promise<void> {
    await this.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.organization(organization.organizationId),
              // Never an organization that people already belong to.
              ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pending': 'PENDING' },
            },
          },
          ...organization.domains.map((domain) => ({
            Delete: {
              TableName: this.tableName,
              Key: keys.organizationDomain(organization.organizationId, domain),
            },
          })),
        ],
      }),
    );
  }

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
        ...(query.cursor ? { ExclusiveStartKey: decodeCursor(query.cursor) } : {}),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => storedOrganization.parse(item)),
      cursor: page.LastEvaluatedKey
        ? Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url')
        : undefined,
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

  private domainItem(organization: Organization, domain: string) {
    return {
      ...keys.organizationDomain(organization.organizationId, domain),
      ...keys.domainIndex(domain, organization.organizationId),
      entity: 'ORGANIZATION_DOMAIN',
      ...organization,
    };
  }

  private eventItem(event: DirectoryEvent, index: number) {
    return {
      ...keys.directoryEvent(event.organizationId, event.at, event.revision, index),
      entity: 'DIRECTORY_EVENT',
      ...event,
    };
  }

  private creation(organization: Organization, history?: DirectoryEvent): TransactWriteCommand {
    return new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.organization(organization.organizationId),
              ...keys.directoryEntry(nameKey(organization.name), organization.organizationId),
              entity: 'ORGANIZATION',
              memberCount: 0,
              ...organization,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...organization.domains.map((domain) => ({
          Put: { TableName: this.tableName, Item: this.domainItem(organization, domain) },
        })),
        ...(history ? [{ Put: { TableName: this.tableName, Item: this.eventItem(history, 0) } }] : []),
      ],
    });
  }
}

/** A cursor is only ever a key of the directory's name list; anything else is refused. */
function decodeCursor(cursor: string): Key {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor this list issued');
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    Object.keys(key).length === CURSOR_KEYS.length &&
    CURSOR_KEYS.every((name) => typeof (key as Key)[name] === 'string') &&
    (key as Key)[TABLE_DESIGN.byCollection.partitionKey] === DIRECTORY_COLLECTION;
  if (!valid) throw new InvalidCursorError('not a cursor this list issued');
  return key as Key;
}
