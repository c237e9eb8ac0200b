import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { ProductRecord } from '../../domain/portal';
import { LOCALES } from '../../i18n/locale';
import type { DigestRecipient, Page, SupportDigestStore } from '../../ports';
import { encodeCollectionCursor } from './collection-cursor';
import { storedProduct } from './portal-inventory.store';
import { keyRange, keys, TABLE_DESIGN } from './table-design';
import { transactWrite } from './transactions';

const storedRecipient = z.object({
  userId: z.string(),
  email: z.string(),
  firstName: z.string(),
  role: z.enum(['MEMBER', 'ADMINISTRATOR']),
  // A value that is not one of our languages is read as none (English), never a failed digest.
  locale: z.catch(z.optional(z.enum(LOCALES)), undefined),
  supportDigest: z.optional(z.boolean()),
});

/** A sent marker outlives its week by far (a rerun can only happen within the week). */
const MARKER_TTL_SECONDS = 35 * 86_400;
const RECIPIENTS_PAGE = 100;

/**
 * The support-expiry digest on the Portico table (access patterns in table-design.ts): the week's products
 * from the bySupportEnd index (two Queries, one per status, paged), members from the organization's MEMBER#
 * range, markers `DIGEST#SENT#<week>#<userId>` written with attribute_not_exists, and the schedule item
 * `DIGEST#SCHEDULE` carrying the byDue keys of the organization's next digest.
 */
export class DynamoSupportDigestStore implements SupportDigestStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async productsEndingIn(
    organizationId: string,
    ranges: readonly { readonly from: string; readonly to: string }[],
  ): Promise<ProductRecord[]> {
    const index = TABLE_DESIGN.bySupportEnd;
    const partition = keys.productBySupportEnd(organizationId, '', '').supportEndPk;
    const pages = await Promise.all(
      ranges.map(async (range) => {
        const found: ProductRecord[] = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await this.documents.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: index.indexName,
              KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
              ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
              // `~` sorts after every service tag character.
              ExpressionAttributeValues: {
                ':pk': partition,
                ':low': `${range.from}#`,
                ':high': `${range.to}#~`,
              },
              ExclusiveStartKey: startKey,
            }),
          );
          for (const item of page.Items ?? []) {
            const { serviceTag, model, family, siteId, supportEndDate } = storedProduct.parse(item);
            found.push({ serviceTag, model, family, siteId, supportEndDate });
          }
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return found;
      }),
    );
    return pages.flat();
  }

  async recipients(organizationId: string, cursor?: string): Promise<Page<DigestRecipient>> {
    const partition = keys.membership(organizationId, '');
    const range = keyRange(partition.sk);
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': partition.pk, ':low': range.low, ':high': range.high },
        Limit: RECIPIENTS_PAGE,
        ...(cursor
          ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as object }
          : {}),
      }),
    );
    const last = page.LastEvaluatedKey;
    return {
      items: (page.Items ?? []).map((item) => storedRecipient.parse(item)),
      cursor: last ? encodeCollectionCursor({ pk: String(last['pk']), sk: String(last['sk']) }) : undefined,
    };
  }

  async claimWeek(organizationId: string, userId: string, week: string, now: Date): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.digestSent(organizationId, week, userId),
            entity: 'DIGEST_SENT',
            sentAt: now.toISOString(),
            expiresAtEpoch: Math.floor(now.getTime() / 1000) + MARKER_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseWeek(organizationId: string, userId: string, week: string): Promise<void> {
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.digestSent(organizationId, week, userId) }),
    );
  }

  async schedule(organizationId: string, at: Date): Promise<void> {
    const due = keys.due('SUPPORT_DIGEST', organizationId, at);
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.digestSchedule(organizationId),
        UpdateExpression:
          'SET entity = :entity, organizationId = :organizationId, duePk = :duePk, dueSk = :dueSk',
        ExpressionAttributeValues: {
          ':entity': 'DIGEST_SCHEDULE',
          ':organizationId': organizationId,
          ':duePk': due.duePk,
          ':dueSk': due.dueSk,
        },
      }),
    );
  }

  async scheduleIfMissing(organizationId: string, at: Date): Promise<boolean> {
    const due = keys.due('SUPPORT_DIGEST', organizationId, at);
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.digestSchedule(organizationId),
          UpdateExpression:
            'SET entity = :entity, organizationId = :organizationId, duePk = :duePk, dueSk = :dueSk',
          ConditionExpression: 'attribute_not_exists(duePk)',
          ExpressionAttributeValues: {
            ':entity': 'DIGEST_SCHEDULE',
            ':organizationId': organizationId,
            ':duePk': due.duePk,
            ':dueSk': due.dueSk,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async unschedule(organizationId: string): Promise<void> {
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.digestSchedule(organizationId) }),
    );
  }

  async setChoice(organizationId: string, userId: string, receive: boolean): Promise<boolean> {
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.membership(organizationId, userId),
              UpdateExpression: 'SET supportDigest = :receive',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':receive': receive },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.user(userId),
              UpdateExpression: 'SET supportDigest = :receive, revision = revision + :one',
              ConditionExpression: 'organizationId = :organizationId',
              ExpressionAttributeValues: {
                ':receive': receive,
                ':one': 1,
                ':organizationId': organizationId,
              },
            },
          },
        ],
      });
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }
}

/**
 * Makes sure an organization with products has a digest schedule: its first digest on the next Monday. Once
 * scheduled, the job moves it; an import leaves it where it is (`if_not_exists`). One small write per import
 * request of products.
 */
export async function ensureDigestScheduled(
  documents: DynamoDBDocumentClient,
  tableName: string,
  organizationId: string,
  firstAt: Date,
): Promise<void> {
  const due = keys.due('SUPPORT_DIGEST', organizationId, firstAt);
  await documents.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.digestSchedule(organizationId),
      UpdateExpression:
        'SET entity = :entity, organizationId = :organizationId, duePk = if_not_exists(duePk, :duePk), dueSk = if_not_exists(dueSk, :dueSk)',
      ExpressionAttributeValues: {
        ':entity': 'DIGEST_SCHEDULE',
        ':organizationId': organizationId,
        ':duePk': due.duePk,
        ':dueSk': due.dueSk,
      },
    }),
  );
}
