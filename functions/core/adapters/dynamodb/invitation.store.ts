import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../domain/audit-log';
import type { Invitation } from '../../domain/invitation';
import { ConcurrentUpdateError, type InvitationStore } from '../../ports';
import { auditEntryPuts } from './audit-entry-items';
import { storedInvitation } from './stored-items';
import { keyRange, keys } from './table-design';
import { isConditionFailure, transactWrite } from './transactions';

/** Invitations per transaction: 4 items each (invitation, token, entry, the actor's copy), 100 at most. */
const INVITATIONS_PER_TRANSACTION = 25;
/** TTL: a day after expiry (readers check `expiresAt` themselves, TTL deletes lazily). */
const AFTER_EXPIRY_SECONDS = 86_400;

function expiryEpoch(invitation: Invitation): number {
  return Math.ceil(Date.parse(invitation.expiresAt) / 1000) + AFTER_EXPIRY_SECONDS;
}

function invitationItem(invitation: Invitation): Record<string, unknown> {
  return {
    ...keys.invitation(invitation.organizationId, invitation.invitationId),
    entity: 'INVITATION',
    ...invitation,
    expiresAtEpoch: expiryEpoch(invitation),
  };
}

function tokenItem(invitation: Invitation): Record<string, unknown> {
  return {
    ...keys.invitationToken(invitation.tokenHash),
    entity: 'INVITATION_TOKEN',
    ...invitation,
    expiresAtEpoch: expiryEpoch(invitation),
  };
}

/**
 * Invitations (docs/membership.md "Invitations"): the invitation `pk=ORG#<org>`, `sk=INVITE#<invitationId>`
 * (the pending list is one Query of that range) and its token item `pk=INVITATION#<sha256(token)>`, `sk=TOKEN`,
 * a copy of it (accepting is one GetItem). Both are written, replaced and deleted together, with the audit entry
 * of the change. Accepting deletes both inside the join's transaction (DynamoAccountStore.saveMembership).
 * The invitation id is derived from the address, so an address has at most one live invitation per organization.
 */
export class DynamoInvitationStore implements InvitationStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async invitationsOf(organizationId: string): Promise<Invitation[]> {
    const { low, high } = keyRange('INVITE#');
    // One Query (one page, up to 1 MB: thousands of invitations); consistent, so a change shows at once.
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': `ORG#${organizationId}`, ':low': low, ':high': high },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((item) => storedInvitation.parse(item));
  }

  async getInvitation(organizationId: string, invitationId: string): Promise<Invitation | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.invitation(organizationId, invitationId),
        ConsistentRead: true,
      }),
    );
    return Item ? storedInvitation.parse(Item) : undefined;
  }

  async invitationByToken(tokenHash: string): Promise<Invitation | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.invitationToken(tokenHash),
        ConsistentRead: true,
      }),
    );
    return Item ? storedInvitation.parse(Item) : undefined;
  }

  async createInvitations(
    invitations: readonly { invitation: Invitation; entry: AuditEntry }[],
  ): Promise<void> {
    const chunks: (typeof invitations)[] = [];
    for (let start = 0; start < invitations.length; start += INVITATIONS_PER_TRANSACTION) {
      chunks.push(invitations.slice(start, start + INVITATIONS_PER_TRANSACTION));
    }
    const results = await Promise.allSettled(
      chunks.map((chunk) =>
        transactWrite(this.documents, {
          TransactItems: chunk.flatMap(({ invitation, entry }) => [
            {
              Put: {
                TableName: this.tableName,
                Item: invitationItem(invitation),
                // A live invitation of the same address is not overwritten; an expired one is.
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                ExpressionAttributeValues: { ':now': invitation.invitedAt },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: tokenItem(invitation),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...auditEntryPuts(this.tableName, entry),
          ]),
        }),
      ),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) {
      if (isConditionFailure(failed.reason))
        throw new ConcurrentUpdateError('an invitation appeared meanwhile');
      throw failed.reason;
    }
  }

  async replaceToken(previous: Invitation, next: Invitation): Promise<void> {
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: invitationItem(next),
              ConditionExpression: 'tokenHash = :previous',
              ExpressionAttributeValues: { ':previous': previous.tokenHash },
            },
          },
          { Delete: { TableName: this.tableName, Key: keys.invitationToken(previous.tokenHash) } },
          {
            Put: {
              TableName: this.tableName,
              Item: tokenItem(next),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('invitation changed meanwhile');
      throw error;
    }
  }

  async revokeInvitation(invitation: Invitation, entry: AuditEntry): Promise<void> {
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.invitation(invitation.organizationId, invitation.invitationId),
              ConditionExpression: 'tokenHash = :hash',
              ExpressionAttributeValues: { ':hash': invitation.tokenHash },
            },
          },
          { Delete: { TableName: this.tableName, Key: keys.invitationToken(invitation.tokenHash) } },
          ...auditEntryPuts(this.tableName, entry),
        ],
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('invitation changed meanwhile');
      throw error;
    }
  }
}
