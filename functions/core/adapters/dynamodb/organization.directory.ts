import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Organization } from '../../domain/organization';
import { nameKey, type DirectoryEvent } from '../../domain/organization-directory';
import { policyOf, type MembershipPolicy } from '../../domain/membership-policy';
import type { AuditEntry } from '../../domain/audit-log';
import { ConcurrentUpdateError, type OrganizationDirectory } from '../../ports';
import { auditEntryPuts } from './audit-entry-items';
import { isConditionFailure, transactWrite } from './transactions';
import { keys, TABLE_DESIGN } from './table-design';
import { storedOrganization } from './stored-items';

/**
 * Organization profiles. Each domain an organization owns is its own item carrying a copy of the profile
 * and the byEmailDomain index keys, so "who owns this domain" is one Query, however many organizations exist.
 */
export class DynamoOrganizationDirectory implements OrganizationDirectory {
  constructor(
    protected readonly documents: DynamoDBDocumentClient,
    protected readonly tableName: string,
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

  async saveMembershipPolicy(
    organization: Organization,
    policy: MembershipPolicy,
    entry: AuditEntry,
  ): Promise<void> {
    const set = {
      UpdateExpression: 'SET #policy = :policy',
      ExpressionAttributeNames: { '#policy': 'membershipPolicy' },
    };
    const previous = policyOf(organization);
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.organization(organization.organizationId),
              ...set,
              // The policy read is still the stored one (absent is AUTOMATIC).
              ConditionExpression:
                previous === 'AUTOMATIC'
                  ? 'attribute_exists(pk) AND (attribute_not_exists(#policy) OR #policy = :previous)'
                  : 'attribute_exists(pk) AND #policy = :previous',
              ExpressionAttributeValues: { ':policy': policy, ':previous': previous },
            },
          },
          ...organization.domains.map((domain) => ({
            Update: {
              TableName: this.tableName,
              Key: keys.organizationDomain(organization.organizationId, domain),
              ...set,
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':policy': policy },
            },
          })),
          ...auditEntryPuts(this.tableName, entry),
        ],
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('membership policy changed meanwhile');
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

  protected domainItem(organization: Organization, domain: string) {
    return {
      ...keys.organizationDomain(organization.organizationId, domain),
      ...keys.domainIndex(domain, organization.organizationId),
      entity: 'ORGANIZATION_DOMAIN',
      ...organization,
    };
  }

  protected eventItem(event: DirectoryEvent, index: number) {
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
