import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { AuditEntry } from '../../domain/audit-log';
import { DEFAULT_VISIBILITY, type VisibilityRules } from '../../domain/portal-visibility';
import type { ProductGroup } from '../../domain/product-group';
import { ConcurrentUpdateError, type PortalSettings } from '../../ports';
import { auditEntryPuts } from './audit-entry-items';
import { keyRange, keys, TABLE_DESIGN } from './table-design';
import { isConditionFailure, transactWrite } from './transactions';

/** The stored forms, checked on every read (keys and bookkeeping attributes are dropped). */
const allowList = z.union([z.literal('ALL'), z.array(z.string())]);

export const storedVisibility = z.object({
  sites: allowList,
  families: allowList,
  updatedAt: z.optional(z.string()),
  updatedBy: z.optional(z.string()),
  revision: z.int(),
});

const entries = z.array(z.string());

const storedGroup = z.object({
  groupId: z.string(),
  organizationId: z.string(),
  ownerId: z.string(),
  name: z.string(),
  shared: z.boolean(),
  definition: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('PRODUCTS'), serviceTags: entries }),
    z.object({ kind: z.literal('FAMILIES'), families: entries }),
    z.object({ kind: z.literal('FAMILIES_AT_SITES'), families: entries, sites: entries }),
  ]),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.int(),
});

/**
 * Visibility rules (pk=ORG#<org>, sk=VISIBILITY) and custom groups (pk=ORG#<org>, sk=GROUP#<owner>#<group>),
 * see table-design.ts. A shared group also carries the byCollection keys SHAREDGROUPS#<org> / <groupId>, so the
 * groups shared with an organization are one Query; unsharing rewrites the item without them. Every write is
 * conditioned on the revision it was read at; a change of the rules is written with its audit entry.
 */
export class DynamoPortalSettings implements PortalSettings {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getVisibility(organizationId: string): Promise<VisibilityRules> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.visibility(organizationId),
        ConsistentRead: true,
      }),
    );
    return Item ? storedVisibility.parse(Item) : DEFAULT_VISIBILITY;
  }

  async saveVisibility(organizationId: string, rules: VisibilityRules, entry: AuditEntry): Promise<void> {
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.visibility(organizationId), entity: 'VISIBILITY', organizationId, ...rules },
              // Revision 1 is the first save (0 is the default that was never stored).
              ...(rules.revision <= 1
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: 'revision = :previous',
                    ExpressionAttributeValues: { ':previous': rules.revision - 1 },
                  }),
            },
          },
          ...auditEntryPuts(this.tableName, entry),
        ],
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('visibility rules changed meanwhile');
      throw error;
    }
  }

  async listGroups(organizationId: string, viewerId: string): Promise<ProductGroup[]> {
    const index = TABLE_DESIGN.byCollection;
    const { pk, sk: prefix } = keys.group(organizationId, viewerId, '');
    const range = keyRange(prefix);
    const [own, shared] = await Promise.all([
      this.queryAll({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': pk, ':low': range.low, ':high': range.high },
        ConsistentRead: true,
      }),
      this.queryAll({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :collection',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':collection': keys.sharedGroup(organizationId, '').collectionPk },
      }),
    ]);
    // The viewer's own shared groups come back from both queries; the table read wins over the index.
    const groups = new Map<string, ProductGroup>();
    for (const item of [...shared, ...own]) {
      const group = storedGroup.parse(item);
      groups.set(group.groupId, group);
    }
    return [...groups.values()];
  }

  async listOwnGroups(organizationId: string, ownerId: string): Promise<ProductGroup[]> {
    const { pk, sk: prefix } = keys.group(organizationId, ownerId, '');
    const range = keyRange(prefix);
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':pk': pk, ':low': range.low, ':high': range.high },
      ConsistentRead: true,
    });
    return items.map((item) => storedGroup.parse(item));
  }

  async countOwnGroups(organizationId: string, ownerId: string): Promise<number> {
    const { pk, sk: prefix } = keys.group(organizationId, ownerId, '');
    const range = keyRange(prefix);
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':pk': pk, ':low': range.low, ':high': range.high },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  async getGroup(
    organizationId: string,
    groupId: string,
    viewerId: string,
  ): Promise<ProductGroup | undefined> {
    // The caller's own group and the organization's shared one are looked up together (one round trip).
    const index = TABLE_DESIGN.byCollection;
    const shared = keys.sharedGroup(organizationId, groupId);
    const [own, found] = await Promise.all([
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.group(organizationId, viewerId, groupId),
          ConsistentRead: true,
        }),
      ),
      this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.indexName,
          KeyConditionExpression: '#pk = :collection AND #sk = :groupId',
          ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
          ExpressionAttributeValues: { ':collection': shared.collectionPk, ':groupId': shared.collectionSk },
        }),
      ),
    ]);
    // The table read wins: the index may lag a change the owner just made.
    if (own.Item) return storedGroup.parse(own.Item);
    const [item] = found.Items ?? [];
    return item ? storedGroup.parse(item) : undefined;
  }

  async createGroup(group: ProductGroup): Promise<void> {
    await this.putGroup(group, { ConditionExpression: 'attribute_not_exists(pk)' });
  }

  async saveGroup(group: ProductGroup): Promise<void> {
    await this.putGroup(group, {
      ConditionExpression: 'revision = :previous',
      ExpressionAttributeValues: { ':previous': group.revision - 1 },
    });
  }

  async deleteGroup(group: ProductGroup): Promise<void> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.group(group.organizationId, group.ownerId, group.groupId),
          // Gone already is fine; changed meanwhile is not.
          ConditionExpression: 'attribute_not_exists(pk) OR revision = :revision',
          ExpressionAttributeValues: { ':revision': group.revision },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('group changed meanwhile');
      throw error;
    }
  }

  private async putGroup(
    group: ProductGroup,
    condition: { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> },
  ): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.group(group.organizationId, group.ownerId, group.groupId),
            entity: 'GROUP',
            ...group,
            ...(group.shared ? keys.sharedGroup(group.organizationId, group.groupId) : {}),
          },
          ...condition,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('group changed meanwhile');
      throw error;
    }
  }

  private async queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      found.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }
}
