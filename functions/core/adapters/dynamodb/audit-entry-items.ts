import { auditExpiryEpoch, auditPosition, peopleOf, type AuditEntry } from '../../domain/audit-log';
import { keys } from './table-design';

/*
 * The items of an audit entry, apart from the log's reader (audit-log.store.ts) so that the functions whose
 * changes write entries do not bundle the reader's schemas.
 */

/** A transaction item of the TransactWrite a change is written in. */
export interface AuditPut {
  readonly Put: {
    readonly TableName: string;
    readonly Item: Record<string, unknown>;
    readonly ConditionExpression: string;
  };
}

/**
 * The items of one audit entry, to add to the transaction of the change it records: the log's item (with the
 * byCollection keys of its kind) and one copy under each person it names. Each is new (an entry is never
 * overwritten); the copies make "entries naming a person" one Query without a second index.
 */
export function auditEntryPuts(tableName: string, entry: AuditEntry): AuditPut[] {
  const position = auditPosition(entry);
  const body = { ...entry, expiresAtEpoch: auditExpiryEpoch(entry) };
  const organizationId = entry.organizationId;
  return [
    {
      ...keys.auditEntry(organizationId, position),
      ...keys.auditKindEntry(organizationId, entry.kind, position),
    },
    ...peopleOf(entry).map((userId) => keys.auditPersonEntry(organizationId, userId, position)),
  ].map((key) => ({
    Put: { TableName: tableName, Item: { ...key, ...body }, ConditionExpression: 'attribute_not_exists(pk)' },
  }));
}
