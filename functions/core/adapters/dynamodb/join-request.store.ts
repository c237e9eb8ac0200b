import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../../domain/account';
import type { AuditEntry } from '../../domain/audit-log';
import type { JoinRequest } from '../../domain/membership-policy';
import { ConcurrentUpdateError, type JoinRequestStore } from '../../ports';
import { accountItem } from './account-item';
import { auditEntryPuts } from './audit-entry-items';
import { storedJoinRequest } from './stored-items';
import { keys } from './table-design';
import { isConditionFailure, transactWrite } from './transactions';

/**
 * The join requests `pk=ORG#<org>`, `sk=JOINREQ#<userId>` (docs/membership.md): listed with one Query of the
 * organization's `JOINREQ#` range, declined in one transaction with the account and the audit entry. An
 * approval deletes the request inside the join's own transaction (DynamoAccountStore.saveMembership).
 */
export class DynamoJoinRequestStore implements JoinRequestStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly reminderAfterSeconds: number,
  ) {}

  async pendingJoinRequests(organizationId: string): Promise<JoinRequest[]> {
    const { pk } = keys.joinRequest(organizationId, '');
    // One Query (one page, up to 1 MB: thousands of requests); consistent, so a decision shows at once.
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': 'JOINREQ#' },
        ConsistentRead: true,
      }),
    );
    return (Items ?? [])
      .map((item) => storedJoinRequest.parse(item))
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  async getJoinRequest(organizationId: string, userId: string): Promise<JoinRequest | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.joinRequest(organizationId, userId),
        ConsistentRead: true,
      }),
    );
    return Item ? storedJoinRequest.parse(Item) : undefined;
  }

  async declineJoinRequest(
    account: Account,
    expectedRevision: number,
    request: JoinRequest,
    entry: AuditEntry,
  ): Promise<void> {
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: accountItem(account, this.reminderAfterSeconds),
              ConditionExpression: 'revision = :expected',
              ExpressionAttributeValues: { ':expected': expectedRevision },
            },
          },
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.joinRequest(request.organizationId, request.userId),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          ...auditEntryPuts(this.tableName, entry),
        ],
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('join request decided meanwhile');
      throw error;
    }
  }
}
