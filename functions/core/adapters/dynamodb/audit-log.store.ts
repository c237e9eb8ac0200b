import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { JOIN_ROUTES, oldestRetained, type AuditEntry, type AuditQuery } from '../../domain/audit-log';
import { InvalidCursorError, type AuditLog, type Page } from '../../ports';
import { MEMBERSHIP_POLICIES } from '../../domain/membership-policy';
import { keys, TABLE_DESIGN } from './table-design';

/**
 * The stored form, checked on every read (keys and bookkeeping attributes are dropped). Built on first use, so
 * that the functions that only import the wiring do not bundle or build it.
 */
/* @__NO_SIDE_EFFECTS__ */
function entrySchema() {
  const person = z.object({ userId: z.string(), email: z.string() });
  const role = z.enum(['MEMBER', 'ADMINISTRATOR']);
  const allowList = z.union([z.literal('ALL'), z.array(z.string())]);

  const base = {
    entryId: z.string(),
    organizationId: z.string(),
    at: z.string(),
    actor: person,
  };

  return z.discriminatedUnion('kind', [
    z.object({
      ...base,
      kind: z.literal('MEMBER_JOINED'),
      subject: person,
      details: z.object({ via: z.enum(JOIN_ROUTES), role }),
    }),
    z.object({
      ...base,
      kind: z.literal('ROLE_CHANGED'),
      subject: person,
      details: z.object({ previousRole: role, role }),
    }),
    z.object({
      ...base,
      kind: z.literal('VISIBILITY_CHANGED'),
      details: z.object({ sites: allowList, families: allowList }),
    }),
    z.object({
      ...base,
      kind: z.literal('POLICY_CHANGED'),
      details: z.object({ previousPolicy: z.enum(MEMBERSHIP_POLICIES), policy: z.enum(MEMBERSHIP_POLICIES) }),
    }),
    z.object({
      ...base,
      kind: z.literal('JOIN_REQUEST_DECLINED'),
      subject: person,
      details: z.object({ reason: z.optional(z.string()) }),
    }),
    z.object({
      ...base,
      kind: z.literal('MEMBER_REMOVED'),
      subject: person,
      details: z.object({ role, groupsDeleted: z.number() }),
    }),
    z.object({
      ...base,
      kind: z.literal('MEMBER_LEFT'),
      subject: person,
      details: z.object({ role, groupsDeleted: z.number() }),
    }),
    z.object({
      ...base,
      kind: z.literal('MEMBER_INVITED'),
      details: z.object({
        invitationId: z.string(),
        email: z.string(),
        role,
        allowOutsideDomain: z.boolean(),
      }),
    }),
    z.object({
      ...base,
      kind: z.literal('INVITATION_REVOKED'),
      details: z.object({ invitationId: z.string(), email: z.string() }),
    }),
  ]);
}

let storedEntry: ReturnType<typeof entrySchema> | undefined;

/** A position in the log: `<ISO time>#<entryId>` (domain/audit-log.ts). */
const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9A-Za-z_-]{1,64}$/;

/**
 * Reads an organization's audit log newest first, one Query per page: the log's partition, the byCollection
 * partition of one kind, or the partition of the entries naming one person (then a kind is a filter, so such
 * a page may hold fewer than `limit` entries while its cursor goes on). The key condition starts at the oldest
 * retained time, so an entry past its retention is never answered even before TTL deletes it. The cursor is the
 * position of the last entry read.
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async entries(organizationId: string, query: AuditQuery, now: Date): Promise<Page<AuditEntry>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const oldest = oldestRetained(now);
    const input: QueryCommandInput = {
      TableName: this.tableName,
      ScanIndexForward: false,
      Limit: query.limit,
    };
    if (query.person !== undefined) {
      const partition = keys.auditPersonEntry(organizationId, query.person, '');
      Object.assign(input, {
        KeyConditionExpression: 'pk = :pk AND sk >= :oldest',
        ExpressionAttributeValues: {
          ':pk': partition.pk,
          ':oldest': oldest,
          ...(query.kind ? { ':kind': query.kind } : {}),
        },
        ...(query.kind
          ? { FilterExpression: '#kind = :kind', ExpressionAttributeNames: { '#kind': 'kind' } }
          : {}),
        ConsistentRead: true,
        ...(after ? { ExclusiveStartKey: keys.auditPersonEntry(organizationId, query.person, after) } : {}),
      });
    } else if (query.kind !== undefined) {
      const index = TABLE_DESIGN.byCollection;
      const collection = keys.auditKindEntry(organizationId, query.kind, '');
      Object.assign(input, {
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :pk AND #sk >= :oldest',
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
        ExpressionAttributeValues: { ':pk': collection.collectionPk, ':oldest': oldest },
        ...(after
          ? {
              ExclusiveStartKey: {
                ...keys.auditEntry(organizationId, after),
                ...keys.auditKindEntry(organizationId, query.kind, after),
              },
            }
          : {}),
      });
    } else {
      Object.assign(input, {
        KeyConditionExpression: 'pk = :pk AND sk >= :oldest',
        ExpressionAttributeValues: { ':pk': keys.auditEntry(organizationId, '').pk, ':oldest': oldest },
        ConsistentRead: true,
        ...(after ? { ExclusiveStartKey: keys.auditEntry(organizationId, after) } : {}),
      });
    }
    const page = await this.documents.send(new QueryCommand(input));
    const items = (page.Items ?? []).map((item) => (storedEntry ??= entrySchema()).parse(item));
    const last = page.LastEvaluatedKey;
    return {
      items,
      cursor: last
        ? encodeCursor(String(last[query.kind && !query.person ? 'collectionSk' : 'sk']))
        : undefined,
    };
  }
}

function encodeCursor(position: string): string {
  return Buffer.from(position).toString('base64url');
}

/** A cursor is only ever a position of the log; anything else is refused. */
function decodeCursor(cursor: string): string {
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!POSITION.test(position)) throw new InvalidCursorError('not a cursor this log issued');
  return position;
}
