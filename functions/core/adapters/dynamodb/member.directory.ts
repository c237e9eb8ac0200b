import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { MemberRole } from '../../domain/account';
import type { AuditEntry } from '../../domain/audit-log';
import {
  ConcurrentUpdateError,
  InvalidCursorError,
  LastAdministratorError,
  type Member,
  type MemberDirectory,
  type Page,
} from '../../ports';
import { auditEntryPuts } from './audit-entry-items';
import { keyRange, keys } from './table-design';

export const storedMember = z.object({
  userId: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(['MEMBER', 'ADMINISTRATOR']),
  joinedAt: z.string(),
});

/**
 * The order of the items of a role change: the cancellation reasons come back in the same order (the audit
 * entry's items follow).
 */
const MEMBERSHIP = 0;
const ACCOUNT = 1;
const ORGANIZATION = 2;

/**
 * The members of an organization: its membership items (pk=ORG#<org>, sk=MEMBER#<userId>), written when a
 * business account joins (AccountStore.saveMembership). A role lives on the membership and on the account, and
 * the organization profile counts the administrators; a role change moves all three in one transaction, with
 * the audit entry that records it.
 */
export class DynamoMemberDirectory implements MemberDirectory {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listMembers(
    organizationId: string,
    query: { readonly limit: number; readonly cursor?: string | undefined },
  ): Promise<Page<Member>> {
    const partition = keys.membership(organizationId, '');
    const range = keyRange(partition.sk);
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': partition.pk, ':low': range.low, ':high': range.high },
        Limit: query.limit,
        ...(query.cursor ? { ExclusiveStartKey: decodeCursor(query.cursor, partition) } : {}),
      }),
    );
    const last = page.LastEvaluatedKey;
    return {
      items: (page.Items ?? []).map((item) => storedMember.parse(item)),
      cursor: last ? encodeCursor({ pk: String(last['pk']), sk: String(last['sk']) }) : undefined,
    };
  }

  async getMember(organizationId: string, userId: string): Promise<Member | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.membership(organizationId, userId),
        ConsistentRead: true,
      }),
    );
    return Item ? storedMember.parse(Item) : undefined;
  }

  async changeRole(
    organizationId: string,
    userId: string,
    from: MemberRole,
    to: MemberRole,
    entry: AuditEntry,
  ): Promise<void> {
    if (from === to) return;
    const demotion = from === 'ADMINISTRATOR';
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.membership(organizationId, userId),
                UpdateExpression: 'SET #role = :to',
                ConditionExpression: '#role = :from',
                ExpressionAttributeNames: { '#role': 'role' },
                ExpressionAttributeValues: { ':to': to, ':from': from },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.user(userId),
                UpdateExpression: 'SET #role = :to, revision = revision + :one',
                ConditionExpression: 'organizationId = :organizationId',
                ExpressionAttributeNames: { '#role': 'role' },
                ExpressionAttributeValues: { ':to': to, ':one': 1, ':organizationId': organizationId },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.organization(organizationId),
                UpdateExpression: 'ADD administratorCount :delta',
                // Demoting: another administrator must remain.
                ...(demotion
                  ? {
                      ConditionExpression: 'administratorCount > :one',
                      ExpressionAttributeValues: { ':delta': -1, ':one': 1 },
                    }
                  : {
                      ConditionExpression: 'attribute_exists(pk)',
                      ExpressionAttributeValues: { ':delta': 1 },
                    }),
              },
            },
            ...auditEntryPuts(this.tableName, entry),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const failed = (index: number) =>
          error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';
        // The member or the account changed first: that is what the caller must reload; only a change that
        // would otherwise go through is refused for leaving nobody in charge.
        if (demotion && failed(ORGANIZATION) && !failed(MEMBERSHIP) && !failed(ACCOUNT)) {
          throw new LastAdministratorError(`${userId} is the last administrator of ${organizationId}`);
        }
        throw new ConcurrentUpdateError('member changed meanwhile');
      }
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConcurrentUpdateError('member changed meanwhile');
      }
      throw error;
    }
  }
}

type Key = { readonly pk: string; readonly sk: string };

function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor is only ever a membership key of the organization it was issued for; anything else is refused. */
function decodeCursor(cursor: string, partition: Key): Key {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor this list issued');
  }
  if (
    typeof key !== 'object' ||
    key === null ||
    Object.keys(key).length !== 2 ||
    (key as Record<string, unknown>)['pk'] !== partition.pk ||
    typeof (key as Record<string, unknown>)['sk'] !== 'string' ||
    !String((key as Record<string, unknown>)['sk']).startsWith(partition.sk)
  ) {
    throw new InvalidCursorError('not a cursor this list issued');
  }
  return key as Key;
}
