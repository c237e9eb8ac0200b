import { claimAddressItem, releaseAddressItem } from './address-owner.items';
import { GetCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../../domain/account';
import {
  ConcurrentUpdateError,
  LastAdministratorError,
  type AccountExitStore,
  type ErasureRecord,
  type LeavingWrites,
} from '../../ports';
import { auditEntryPuts } from './audit-entry-items';
import { keys } from './table-design';
import { storedErasure } from './stored-items';
import { ERASURE_GRACE_SECONDS } from '../../domain/scheduled-work';
import { accountItem } from './account-item';
import { isConditionFailure, transactWrite } from './transactions';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

import { DynamoAccountStore } from './account.store';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The account store with the writes of an account leaving its organization (a change of email) or erased: a
 * class of its own so that only the functions that end memberships bundle them.
 */
export class DynamoAccountExitStore extends DynamoAccountStore implements AccountExitStore {
  async claimAddress(email: string, userId: string, at: Date, replacing?: string) {
    return claimAddressItem(this.documents, this.tableName, { email, userId, at, replacing });
  }

  async releaseAddress(email: string, userId: string): Promise<void> {
    await releaseAddressItem(this.documents, this.tableName, email, userId);
  }

  async saveAccountLeavingOrganization(
    current: Account,
    next: Account,
    exit: LeavingWrites = {},
  ): Promise<void> {
    await this.writeLeaving(
      current,
      {
        Put: {
          TableName: this.tableName,
          Item: accountItem(next, this.reminderAfterSeconds),
          ConditionExpression: 'revision = :expected',
          ExpressionAttributeValues: { ':expected': current.revision },
        },
      },
      ...(exit.entry ? auditEntryPuts(this.tableName, exit.entry) : []),
      ...(exit.groups ?? []).map((group): TransactItem => ({
        Delete: {
          TableName: this.tableName,
          Key: keys.group(group.organizationId, group.ownerId, group.groupId),
          // Gone already is fine; changed meanwhile is not (the whole exit is then refused and retried).
          ConditionExpression: 'attribute_not_exists(pk) OR revision = :revision',
          ExpressionAttributeValues: { ':revision': group.revision },
        },
      })),
    );
  }

  async saveEmailChange(
    current: Account,
    next: Account,
    change: {
      leaving: boolean;
      codeHash: string;
      newAddressOwner: string | undefined;
      releaseOld: boolean;
      at: Date;
    },
  ): Promise<void> {
    const accountWrite: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: accountItem(next, this.reminderAfterSeconds),
        ConditionExpression: 'revision = :expected',
        ExpressionAttributeValues: { ':expected': current.revision },
      },
    };
    const extra: TransactItem[] = [
      {
        // The code is used up with the change it allowed: never one without the other.
        Update: {
          TableName: this.tableName,
          Key: keys.code(next.email),
          UpdateExpression: 'REMOVE codeHash SET version = version + :one',
          ConditionExpression: 'codeHash = :hash',
          ExpressionAttributeValues: { ':one': 1, ':hash': change.codeHash },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.addressOwner(next.email),
            entity: 'ADDRESS_OWNER',
            email: next.email,
            userId: next.userId,
            since: change.at.toISOString(),
          },
          ...(change.newAddressOwner === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'userId = :owner',
                ExpressionAttributeValues: { ':owner': change.newAddressOwner },
              }),
        },
      },
      ...(change.releaseOld
        ? [
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.addressOwner(current.email),
                ConditionExpression: 'userId = :me',
                ExpressionAttributeValues: { ':me': current.userId },
              },
            },
          ]
        : []),
    ];
    if (change.leaving) return this.writeLeaving(current, accountWrite, ...extra);
    try {
      await transactWrite(this.documents, { TransactItems: [accountWrite, ...extra] });
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('account changed meanwhile');
      throw error;
    }
  }

  async eraseAccount(current: Account, record: ErasureRecord): Promise<void> {
    await this.writeLeaving(
      current,
      {
        Delete: {
          TableName: this.tableName,
          Key: keys.user(current.userId),
          ConditionExpression: 'revision = :expected',
          ExpressionAttributeValues: { ':expected': current.revision },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.erasure(record.erasureId),
            entity: 'ERASURE',
            ...record,
            ...(record.organizationId
              ? keys.erasureOfOrganization(record.organizationId, record.erasedAt, record.erasureId)
              : {}),
            ...(record.pending
              ? keys.due(
                  'ERASURE',
                  record.erasureId,
                  new Date(Date.parse(record.erasedAt) + ERASURE_GRACE_SECONDS * 1000),
                )
              : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    );
  }

  /**
   * One transaction: the account's own write first, then (for an active member) the membership deleted and
   * the organization's counts decreased, then any `extra` write. The organization's condition holds the
   * last-administrator rule: an administrator leaves only while another remains or nobody else is a member.
   */
  private async writeLeaving(
    current: Account,
    accountWrite: TransactItem,
    ...extra: TransactItem[]
  ): Promise<void> {
    const organizationId = current.state === 'ACTIVE' ? current.organizationId : undefined;
    const administrator = current.role === 'ADMINISTRATOR';
    const membership: TransactItem[] = organizationId
      ? [
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.membership(organizationId, current.userId),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.organization(organizationId),
              ...(administrator
                ? {
                    UpdateExpression: 'ADD memberCount :less, administratorCount :less',
                    ConditionExpression:
                      'attribute_exists(pk) AND (administratorCount > :one OR memberCount <= :one)',
                    ExpressionAttributeValues: { ':less': -1, ':one': 1 },
                  }
                : {
                    UpdateExpression: 'ADD memberCount :less',
                    ConditionExpression: 'attribute_exists(pk)',
                    ExpressionAttributeValues: { ':less': -1 },
                  }),
            },
          },
        ]
      : [];
    try {
      await transactWrite(this.documents, {
        TransactItems: [accountWrite, ...membership, ...extra],
      });
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const failed = (index: number) =>
          error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
        // Only a leave that would otherwise go through is refused for leaving nobody in charge.
        if (administrator && organizationId && failed(2) && !failed(0) && !failed(1)) {
          throw new LastAdministratorError(
            `${current.userId} is the last administrator of ${organizationId}`,
          );
        }
      }
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('account changed meanwhile');
      throw error;
    }
  }

  async getErasure(erasureId: string): Promise<ErasureRecord | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: keys.erasure(erasureId), ConsistentRead: true }),
    );
    return Item ? storedErasure.parse(Item) : undefined;
  }

  async finishErasure(erasureId: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.erasure(erasureId),
          UpdateExpression: 'REMOVE pending, duePk, dueSk',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
