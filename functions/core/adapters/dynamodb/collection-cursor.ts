import { InvalidCursorError } from '../../ports';
import { TABLE_DESIGN } from './table-design';

/** The key of an item in the byCollection index: what a list of one collection hands out as its cursor. */
type CollectionKey = Record<string, string>;

const CURSOR_KEYS = ['pk', 'sk', TABLE_DESIGN.byCollection.partitionKey, TABLE_DESIGN.byCollection.sortKey];

/** A page's LastEvaluatedKey in the byCollection index, as an opaque cursor. */
export function encodeCollectionCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor is only ever a key of the collection it was issued for; anything else is refused. */
export function decodeCollectionCursor(cursor: string, collection: string): CollectionKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor this list issued');
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    Object.keys(key).length === CURSOR_KEYS.length &&
    CURSOR_KEYS.every((name) => typeof (key as CollectionKey)[name] === 'string') &&
    (key as CollectionKey)[TABLE_DESIGN.byCollection.partitionKey] === collection;
  if (!valid) throw new InvalidCursorError('not a cursor this list issued');
  return key as CollectionKey;
}
