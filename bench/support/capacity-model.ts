import { TABLE_INDEXES } from '../../functions/core/adapters/dynamodb/table-design';

/**
 * DynamoDB's published capacity rules, for what DynamoDB Local reports wrongly:
 * - it reports a multi-item TransactWriteItems as if it wrote about one item (100 puts report what one does);
 * - it reports 0 for the keys of a BatchGetItem that find no item, which DynamoDB charges like found ones.
 * Single-item commands and Query it reports by the same rules as DynamoDB, so those figures are used as is.
 *
 * Rules applied (Amazon DynamoDB Developer Guide, "Read/write capacity mode" and "Transactions: capacity"):
 * - item size: UTF-8 length of each attribute name plus its value (numbers: about 1 byte per 2 significant
 *   digits, plus 1; booleans and null: 1; lists and maps: 3 plus 1 per element, plus their contents);
 * - a transactional write costs 2 WCU per started KB of the item; each global secondary index the item is
 *   written to (it holds both key attributes of the index) costs the same again: the entry is the whole item
 *   for the ALL indexes, and small for byDue (KEYS_ONLY), which is not written at all when an update leaves its
 *   keys as they were. This is how DynamoDB Local itself prices a one-item transaction;
 *   should AWS bill index entries of a transaction at the standard rate (1 WCU per KB), `indexWriteUnits` is
 *   halved;
 * - a read of a missing key costs 1 RCU strongly consistent, 0.5 eventually consistent.
 * A Put over an existing item is priced by the new item alone (the bench only creates products).
 */

const KB = 1024;

export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value)
      .replace(/^-/, '')
      .replace(/e.*$/i, '')
      .replace('.', '')
      .replace(/^0+/, '')
      .replace(/0+$/, '');
    return Math.ceil(Math.max(1, digits.length) / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set)
    return [...(value as Set<unknown>)].reduce<number>((sum, v) => sum + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return (
      3 + entries.reduce((sum, [name, v]) => sum + 1 + Buffer.byteLength(name, 'utf8') + valueSize(v), 0)
    );
  }
  return 0;
}

/** Size of an item as DynamoDB counts it (attribute names and values). */
export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item)
    .filter(([, value]) => value !== undefined)
    .reduce((sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + valueSize(value), 0);
}

/** The table's global secondary indexes an item is written to: those whose both key attributes it holds. */
export function indexesOf(item: Record<string, unknown>): number {
  return TABLE_INDEXES.filter(
    (index) => typeof item[index.partitionKey] === 'string' && typeof item[index.sortKey] === 'string',
  ).length;
}

/** Write units of one item written in a transaction: the table, and each index the item is in. */
export function transactionalWriteUnits(item: Record<string, unknown>): {
  readonly table: number;
  readonly indexes: number;
} {
  const units = 2 * Math.max(1, Math.ceil(itemSize(item) / KB));
  return { table: units, indexes: units * indexesOf(item) };
}

/** Read units of the keys a BatchGetItem asked for that found nothing. */
export function missingKeyReadUnits(missing: number, consistent: boolean): number {
  return missing * (consistent ? 1 : 0.5);
}

/**
 * Write units of one item changed in a transaction, from the item before and after (undefined: absent):
 * the table write is priced by the larger of the two, and each index entry added, removed or rewritten costs a
 * write of that entry; one whose index keys changed costs two (the old entry deleted, the new one put). An
 * entry of a KEYS_ONLY index whose keys did not change is not rewritten: nothing it projects changed. A
 * Put over an existing item, an Update and a Delete are all priced this way.
 */
export function transactionalChangeUnits(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): { readonly table: number; readonly indexes: number } {
  const units = (item: Record<string, unknown>) => 2 * Math.max(1, Math.ceil(itemSize(item) / KB));
  const table = Math.max(before ? units(before) : 0, after ? units(after) : 0, 2);
  let indexes = 0;
  for (const index of TABLE_INDEXES) {
    const keyOf = (item: Record<string, unknown> | undefined) =>
      item && typeof item[index.partitionKey] === 'string' && typeof item[index.sortKey] === 'string'
        ? `${String(item[index.partitionKey])}\n${String(item[index.sortKey])}`
        : undefined;
    const old = keyOf(before);
    const next = keyOf(after);
    if (before && after && old !== undefined && old === next) {
      // Same keys: an ALL index rewrites its copy of the item; a KEYS_ONLY index projects nothing that changed
      // (table and index keys only), so DynamoDB does not write it.
      if (index.projection !== 'KEYS_ONLY') indexes += Math.max(units(before), units(after));
    } else {
      if (before && old !== undefined) indexes += units(before);
      if (after && next !== undefined) indexes += units(after);
    }
  }
  return { table, indexes };
}

/**
 * Read units of a Query that found nothing: DynamoDB charges the minimum (1 RCU consistent, 0.5 eventually
 * consistent) where DynamoDB Local reports 0.
 */
export function emptyQueryReadUnits(consistent: boolean): number {
  return consistent ? 1 : 0.5;
}
