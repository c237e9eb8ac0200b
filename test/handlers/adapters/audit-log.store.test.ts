import '../environment';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditEntryPuts } from '../../../functions/core/adapters/dynamodb/audit-entry-items';
import { DynamoAuditLog } from '../../../functions/core/adapters/dynamodb/audit-log.store';
import {
  auditExpiryEpoch,
  auditPosition,
  roleChanged,
  visibilityChanged,
} from '../../../functions/core/domain/audit-log';
import { InvalidCursorError } from '../../../functions/core/ports';
import { dynamo, resetAws } from '../aws';

const TABLE = 'portico-adapter-tests';
const ORG = 'org-acme';
const GRACE = { userId: 'user-grace', email: 'grace@acme.example' };
const ADA = { userId: 'user-ada', email: 'ada@acme.example' };
const AT = new Date('2025-03-03T09:00:00.000Z');
const NOW = new Date('2025-03-04T09:00:00.000Z');
/** 400 days before NOW. */
const OLDEST = '2024-01-29T09:00:00.000Z';

const log = new DynamoAuditLog(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
  TABLE,
);

const promotion = roleChanged(ORG, GRACE, ADA, 'MEMBER', 'ADMINISTRATOR', AT);
const position = auditPosition(promotion);
const cursorAt = Buffer.from(position).toString('base64url');

beforeEach(() => {
  resetAws();
});

describe('auditEntryPuts', () => {
  it('writes the entry once in the log (with its kind keys) and once under each person it names, never over one', () => {
    const puts = auditEntryPuts(TABLE, promotion);

    expect(puts.map((put) => [put.Put.Item['pk'], put.Put.Item['sk']])).toEqual([
      [`AUDIT#${ORG}`, position],
      [`AUDIT#${ORG}#PERSON#user-grace`, position],
      [`AUDIT#${ORG}#PERSON#user-ada`, position],
    ]);
    expect(puts[0]?.Put.Item).toMatchObject({
      collectionPk: `AUDIT#${ORG}#KIND#ROLE_CHANGED`,
      collectionSk: position,
      expiresAtEpoch: auditExpiryEpoch(promotion),
    });
    expect(puts[1]?.Put.Item).not.toHaveProperty('collectionPk');
    expect(puts.every((put) => put.Put.ConditionExpression === 'attribute_not_exists(pk)')).toBe(true);
    // 400 days after the change.
    expect(auditExpiryEpoch(promotion)).toBe(Date.parse('2026-04-07T09:00:00.000Z') / 1000);
  });

  it('writes one copy for an entry whose actor is its only person', () => {
    const entry = visibilityChanged(ORG, GRACE, { sites: 'ALL', families: 'ALL', revision: 2 }, AT);

    expect(auditEntryPuts(TABLE, entry)).toHaveLength(2);
  });
});

describe('DynamoAuditLog.entries', () => {
  const stored = auditEntryPuts(TABLE, promotion)[0]?.Put.Item ?? {};

  it("reads the organization's log newest first from the oldest retained time, consistently", async () => {
    dynamo
      .on(QueryCommand)
      .resolves({ Items: [stored], LastEvaluatedKey: { pk: `AUDIT#${ORG}`, sk: position } });

    const page = await log.entries(ORG, { limit: 1 }, NOW);

    expect(page.items).toEqual([promotion]);
    expect(page.cursor).toBe(cursorAt);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND sk >= :oldest',
      ExpressionAttributeValues: { ':pk': `AUDIT#${ORG}`, ':oldest': OLDEST },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: 1,
    });
  });

  it('continues after the cursor', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    const page = await log.entries(ORG, { limit: 10, cursor: cursorAt }, NOW);

    expect(page).toEqual({ items: [], cursor: undefined });
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual({
      pk: `AUDIT#${ORG}`,
      sk: position,
    });
  });

  it('reads one kind from the byCollection index', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [stored],
      LastEvaluatedKey: {
        pk: `AUDIT#${ORG}`,
        sk: position,
        collectionPk: `AUDIT#${ORG}#KIND#ROLE_CHANGED`,
        collectionSk: position,
      },
    });

    const page = await log.entries(ORG, { limit: 1, kind: 'ROLE_CHANGED', cursor: cursorAt }, NOW);

    expect(page.cursor).toBe(cursorAt);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      IndexName: 'byCollection',
      KeyConditionExpression: '#pk = :pk AND #sk >= :oldest',
      ExpressionAttributeNames: { '#pk': 'collectionPk', '#sk': 'collectionSk' },
      ExpressionAttributeValues: { ':pk': `AUDIT#${ORG}#KIND#ROLE_CHANGED`, ':oldest': OLDEST },
      ExclusiveStartKey: {
        pk: `AUDIT#${ORG}`,
        sk: position,
        collectionPk: `AUDIT#${ORG}#KIND#ROLE_CHANGED`,
        collectionSk: position,
      },
      ScanIndexForward: false,
      Limit: 1,
    });
  });

  it("reads a person's copies, a kind then being a filter of that one Query", async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    await log.entries(ORG, { limit: 5, person: 'user-ada', kind: 'ROLE_CHANGED' }, NOW);

    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND sk >= :oldest',
      FilterExpression: '#kind = :kind',
      ExpressionAttributeNames: { '#kind': 'kind' },
      ExpressionAttributeValues: {
        ':pk': `AUDIT#${ORG}#PERSON#user-ada`,
        ':oldest': OLDEST,
        ':kind': 'ROLE_CHANGED',
      },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: 5,
    });
  });

  it('refuses a cursor that is not a position of the log, reading nothing', async () => {
    for (const cursor of ['garbage', Buffer.from('{"pk":"ORG#org-globex"}').toString('base64url')]) {
      await expect(log.entries(ORG, { limit: 5, cursor }, NOW)).rejects.toBeInstanceOf(InvalidCursorError);
    }
    expect(dynamo.calls()).toEqual([]);
  });
});
