import {
  auditPosition,
  oldestRetained,
  peopleOf,
  type AuditEntry,
  type AuditQuery,
} from '../../functions/core/domain/audit-log';
import { InvalidCursorError, type AuditLog, type Page } from '../../functions/core/ports';

/**
 * The audit log in memory, as the DynamoDB adapter keeps it: entries appended by the fakes of the stores with
 * the change they record (only when the change goes through), read newest first from the oldest retained time
 * on, filtered by kind and by a person the entry names. Cursors are the position of the last entry answered.
 */
export class InMemoryAuditLog implements AuditLog {
  private readonly log: AuditEntry[] = [];

  /** Called by the fakes of the stores, once their change is made. */
  append(entry: AuditEntry): void {
    if (this.log.some((stored) => auditPosition(stored) === auditPosition(entry))) {
      throw new Error(`audit entry ${auditPosition(entry)} written twice`);
    }
    this.log.push(structuredClone(entry));
  }

  /** Every entry of `organizationId`, oldest first (test assertions). */
  storedEntries(organizationId: string): AuditEntry[] {
    return this.log
      .filter((entry) => entry.organizationId === organizationId)
      .sort((a, b) => (auditPosition(a) < auditPosition(b) ? -1 : 1))
      .map((entry) => structuredClone(entry));
  }

  async entries(organizationId: string, query: AuditQuery, now: Date): Promise<Page<AuditEntry>> {
    const after = query.cursor === undefined ? undefined : decode(query.cursor);
    const oldest = oldestRetained(now);
    const matching = this.storedEntries(organizationId)
      .reverse()
      .filter(
        (entry) =>
          entry.at >= oldest &&
          (after === undefined || auditPosition(entry) < after) &&
          (query.kind === undefined || entry.kind === query.kind) &&
          (query.person === undefined || peopleOf(entry).includes(query.person)),
      );
    const items = matching.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items,
      cursor:
        matching.length > query.limit && last
          ? Buffer.from(auditPosition(last)).toString('base64url')
          : undefined,
    };
  }
}

function decode(cursor: string): string {
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-.*Z#.+$/.test(position)) throw new InvalidCursorError('not a cursor this log issued');
  return position;
}
