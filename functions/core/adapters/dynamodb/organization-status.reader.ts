import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Organization } from '../../domain/organization';
import type { OrganizationStatusReader } from '../../ports';
import { keys } from './table-design';

const STATUSES: ReadonlySet<string> = new Set<Organization['status']>(['ACTIVE', 'PENDING', 'SUSPENDED']);

/**
 * An organization's status alone: one eventually consistent GetItem of its profile projected to `status`
 * (0.5 RCU), which the portal reads beside its own first read, so that it adds no round trip in sequence.
 */
export class DynamoOrganizationStatusReader implements OrganizationStatusReader {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async statusOf(organizationId: string): Promise<Organization['status'] | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.organization(organizationId),
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    const status: unknown = Item?.status;
    if (Item === undefined) return undefined;
    if (typeof status !== 'string' || !STATUSES.has(status)) {
      throw new Error(`organization ${organizationId} has no valid status`);
    }
    return status as Organization['status'];
  }
}
