import { claimAddressItem, releaseAddressItem } from './address-owner.items';
import { GetCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../../domain/account';
import { withRequesterRelinked } from '../../domain/organization-request';
import { ConcurrentUpdateError, type AccountRelinkStore } from '../../ports';
import { accountItem } from './account-item';
import { storedOrganizationRequest } from './stored-items';
import { DynamoAccountStore } from './account.store';
import { keyRange, keys } from './table-design';
import { isConditionFailure, transactWrite } from './transactions';

/**
 * The account store with the re-link of verification (docs/identity.md, "Signing up again"): a class of its own
 * so that only the function that re-links bundles it.
 */
export class DynamoAccountRelinkStore extends DynamoAccountStore implements AccountRelinkStore {
  async claimAddress(email: string, userId: string, at: Date, replacing?: string) {
    return claimAddressItem(this.documents, this.tableName, { email, userId, at, replacing });
  }

  async releaseAddress(email: string, userId: string): Promise<void> {
    await releaseAddressItem(this.documents, this.tableName, email, userId);
  }

  async relinkAccount(previous: Account, unverified: Account, relinked: Account): Promise<void> {
    const from = previous.userId;
    const to = relinked.userId;
    const organizationId = previous.state === 'ACTIVE' ? previous.organizationId : undefined;
    const [membership, groups, requestWrite] = await Promise.all([
      organizationId
        ? this.documents.send(
            new GetCommand({
              TableName: this.tableName,
              Key: keys.membership(organizationId, from),
              ConsistentRead: true,
            }),
          )
        : undefined,
      organizationId ? this.ownGroupItems(organizationId, from) : [],
      this.requesterMove(previous, to, relinked.updatedAt),
    ]);
    const writes: TransactItem[] = [
      {
        Delete: {
          TableName: this.tableName,
          Key: keys.user(from),
          ConditionExpression: 'revision = :expected',
          ExpressionAttributeValues: { ':expected': previous.revision },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: accountItem(relinked, this.reminderAfterSeconds),
          ConditionExpression: 'revision = :expected AND #state = :unverified',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':expected': unverified.revision, ':unverified': 'VERIFY_EMAIL' },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.addressOwner(relinked.email),
            entity: 'ADDRESS_OWNER',
            email: relinked.email,
            userId: to,
            since: relinked.updatedAt,
          },
          ConditionExpression: 'userId = :previous',
          ExpressionAttributeValues: { ':previous': from },
        },
      },
    ];
    if (requestWrite) writes.push(requestWrite);
    if (organizationId && membership?.Item) {
      writes.push(
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.membership(organizationId, from),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...membership.Item, ...keys.membership(organizationId, to), userId: to },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      );
    }
    // Each group: the old item deleted (unchanged since read), a copy under the new owner. The shared-group
    // index keys (by groupId) come with the copy.
    const groupWrites: TransactItem[] = groups.flatMap((item) => [
      {
        Delete: {
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          ConditionExpression: 'revision = :revision',
          ExpressionAttributeValues: { ':revision': item.revision },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...item,
            ...keys.group(String(item.organizationId), to, String(item.groupId)),
            ownerId: to,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    try {
      if (writes.length + groupWrites.length <= MAX_TRANSACTION_ITEMS) {
        await transactWrite(this.documents, { TransactItems: [...writes, ...groupWrites] });
        return;
      }
      // More groups than one transaction holds (50 at most): they move first, a few transactions of whole
      // pairs; a re-link stopped half way is finished by the next verification (the owner item still names
      // the old user, and the groups already moved are not found under it again).
      for (let start = 0; start < groupWrites.length; start += GROUP_WRITES_PER_TRANSACTION) {
        await transactWrite(this.documents, {
          TransactItems: groupWrites.slice(start, start + GROUP_WRITES_PER_TRANSACTION),
        });
      }
      await transactWrite(this.documents, { TransactItems: writes });
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('account changed meanwhile');
      throw error;
    }
  }

  /**
   * The organization request the old account submitted or joined, with its requester moved to the new userId
   * (withRequesterRelinked), as one conditional update of the request (still at the revision read): so its
   * decision reaches the re-linked account. Only the requester lists, history and revision change: the request's
   * index keys (its collection and due work) do not depend on them. Nothing when the request does not name the
   * old userId.
   */
  private async requesterMove(previous: Account, to: string, at: string): Promise<TransactItem | undefined> {
    const requestId = previous.organizationRequestId;
    if (!requestId) return undefined;
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.organizationRequest(requestId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const request = storedOrganizationRequest.parse(Item);
    const next = withRequesterRelinked(request, previous.userId, to, new Date(at));
    if (!next) return undefined;
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.organizationRequest(requestId),
        UpdateExpression:
          'SET requesters = :requesters, acknowledged = :acknowledged, notified = :notified, history = :history, updatedAt = :at, revision = :revision',
        ConditionExpression: 'revision = :read',
        ExpressionAttributeValues: {
          ':requesters': next.requesters,
          ':acknowledged': next.acknowledged,
          ':notified': next.notified,
          ':history': next.history,
          ':at': next.updatedAt,
          ':revision': next.revision,
          ':read': request.revision,
        },
      },
    };
  }

  /** The stored items of a member's own groups (keys included), read consistently. */
  private async ownGroupItems(organizationId: string, ownerId: string): Promise<Record<string, unknown>[]> {
    const { pk, sk: prefix } = keys.group(organizationId, ownerId, '');
    const range = keyRange(prefix);
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':pk': pk, ':low': range.low, ':high': range.high },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
/** Group moves per transaction when they do not fit with the account's writes (whole delete/put pairs). */
const GROUP_WRITES_PER_TRANSACTION = 90;
