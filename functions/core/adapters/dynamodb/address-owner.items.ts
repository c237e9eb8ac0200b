import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { keys } from './table-design';
import { isConditionFailure } from './transactions';

/**
 * The address item (`EMAIL#<address>` / `OWNER`, docs/identity.md): claimed by verification and email change,
 * let go by email change and erasure. Apart from the base account store, so the functions that never touch it
 * do not bundle it.
 */
export async function claimAddressItem(
  documents: DynamoDBDocumentClient,
  tableName: string,
  input: { email: string; userId: string; at: Date; replacing?: string | undefined },
): Promise<{ claimed: true } | { claimed: false; ownerId: string }> {
  const { email, userId, at, replacing } = input;
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.addressOwner(email),
          entity: 'ADDRESS_OWNER',
          email,
          userId,
          since: at.toISOString(),
        },
        ConditionExpression: replacing
          ? 'attribute_not_exists(pk) OR userId = :me OR userId = :replacing'
          : 'attribute_not_exists(pk) OR userId = :me',
        ExpressionAttributeValues: { ':me': userId, ...(replacing ? { ':replacing': replacing } : {}) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      const owner = error.Item ? unmarshall(error.Item) : undefined;
      if (typeof owner?.userId === 'string') return { claimed: false, ownerId: owner.userId };
    }
    throw error;
  }
}

export async function releaseAddressItem(
  documents: DynamoDBDocumentClient,
  tableName: string,
  email: string,
  userId: string,
): Promise<void> {
  try {
    await documents.send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.addressOwner(email),
        ConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': userId },
      }),
    );
  } catch (error) {
    // Gone already, or the address is someone else's now.
    if (!isConditionFailure(error)) throw error;
  }
}
