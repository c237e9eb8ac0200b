import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import type { IdempotencyRecord, StoredAnswer } from '../../domain/idempotency';
import type { IdempotencyClaim, IdempotencyStore } from '../../ports';
import { keys, TABLE_DESIGN } from './table-design';

const storedRecord = z.discriminatedUnion('state', [
  z.object({ state: z.literal('IN_PROGRESS'), fingerprint: z.string(), lockedUntil: z.string() }),
  z.object({
    state: z.literal('COMPLETED'),
    fingerprint: z.string(),
    answer: z.object({
      status: z.int(),
      headers: z.record(z.string(), z.string()),
      body: z.string(),
    }),
  }),
]);

function toRecord(item: Record<string, unknown>): IdempotencyRecord {
  const stored = storedRecord.parse(item);
  return stored.state === 'IN_PROGRESS'
    ? { state: 'IN_PROGRESS', fingerprint: stored.fingerprint, lockedUntil: new Date(stored.lockedUntil) }
    : stored;
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * One item per key (pk=IDEMPOTENCY#<scope>, sk=ANSWER), removed by the table's TTL when its window ends. A claim
 * is one conditional PutItem that hands back the item it found when the key was taken
 * (ReturnValuesOnConditionCheckFailure), so a repetition costs one round trip.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(
    scope: string,
    request: {
      readonly fingerprint: string;
      readonly token: string;
      readonly lockedUntil: Date;
      readonly expiresAt: Date;
      readonly now: Date;
    },
  ): Promise<IdempotencyClaim> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.idempotency(scope),
            state: 'IN_PROGRESS',
            fingerprint: request.fingerprint,
            token: request.token,
            lockedUntil: request.lockedUntil.toISOString(),
            [TABLE_DESIGN.timeToLiveAttribute]: epochSeconds(request.expiresAt),
          },
          // Free: never used, its window over (TTL deletes lazily), or its request stopped without an answer.
          ConditionExpression:
            'attribute_not_exists(pk) OR #expires < :nowEpoch OR (#state = :inProgress AND lockedUntil < :now)',
          ExpressionAttributeNames: { '#expires': TABLE_DESIGN.timeToLiveAttribute, '#state': 'state' },
          ExpressionAttributeValues: {
            ':nowEpoch': epochSeconds(request.now),
            ':inProgress': 'IN_PROGRESS',
            ':now': request.now.toISOString(),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true };
    } catch (error) {
      // The document client leaves an exception's item in DynamoDB's wire form.
      if (error instanceof ConditionalCheckFailedException && error.Item) {
        return { claimed: false, record: toRecord(unmarshall(error.Item)) };
      }
      throw error;
    }
  }

  async complete(scope: string, token: string, answer: StoredAnswer): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.idempotency(scope),
          UpdateExpression: 'SET #state = :completed, answer = :answer REMOVE lockedUntil, #token',
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
          ExpressionAttributeValues: {
            ':completed': 'COMPLETED',
            ':answer': { status: answer.status, headers: { ...answer.headers }, body: answer.body },
            ':token': token,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(scope: string, token: string): Promise<void> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.idempotency(scope),
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
