import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AddressBackfillStore } from '../../ports';
import { DynamoAccountStore } from './account.store';
import { claimAddressItem, releaseAddressItem } from './address-owner.items';
import { keys } from './table-design';
import { isConditionFailure } from './transactions';

/**
 * The account store of identity reconciliation, with the backfill of address items (docs/identity.md): a class
 * of its own so that only the reconciliation function bundles it.
 */
export class DynamoAddressBackfillStore extends DynamoAccountStore implements AddressBackfillStore {
  async claimAddress(email: string, userId: string, at: Date, replacing?: string) {
    return claimAddressItem(this.documents, this.tableName, { email, userId, at, replacing });
  }

  async releaseAddress(email: string, userId: string): Promise<void> {
    await releaseAddressItem(this.documents, this.tableName, email, userId);
  }

  async markAddressItemOwned(userId: string, email: string): Promise<boolean> {
    try {
      // Only the flag: no revision bump, so no write of the person's racing with it is refused. A whole-item
      // write that read the account before keeps the flag unset; the next pass claims again (idempotent).
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.user(userId),
          UpdateExpression: 'SET ownsAddressItem = :owns',
          ConditionExpression: 'email = :email',
          ExpressionAttributeValues: { ':owns': true, ':email': email },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
