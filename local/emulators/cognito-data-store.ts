import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'cognito-local/lib/services/context';
import type { DataStore } from 'cognito-local/lib/services/dataStore/dataStore';
import type { DataStoreFactory } from 'cognito-local/lib/services/dataStore/factory';
import { readJsonObjectFile, writeFileDurably } from '../durable-file';

/**
 * The data store Portico gives cognito-local instead of its own (StormDB), for crash safety.
 *
 * cognito-local keeps each user pool (and its app clients, and its config) as one JSON document in memory and
 * rewrites the whole file after every change. Its own store writes that file in place (`fs.writeFile`), and
 * several writes run at once: a kill mid-write truncates the file or leaves a longer write's tail after a
 * shorter one, and StormDB reads an empty file as an empty pool. This store:
 * - writes durably (local/durable-file.ts: temporary file, fsync, rename, fsync of the folder), so the file on
 *   disk is always one whole snapshot;
 * - writes one snapshot at a time: changes made while a write runs are saved together by the next one (group
 *   commit), and a change is acknowledged (its `set`/`delete` resolves, and only then does cognito-local answer
 *   the request) once a snapshot holding it is on disk;
 * - refuses a file it cannot read (UnreadableDataFileError) instead of starting empty.
 * Reads see changes not yet on disk (as StormDB's did): a request that only reads may see a change whose own
 * request has not been answered yet.
 */

type Json = Record<string, unknown>;

/** As cognito-local's StormDB store: fields whose name ends in `Date` are kept as ISO strings and revived. */
function replaceDates(this: unknown, key: string, value: unknown): unknown {
  if (!key.endsWith('Date')) return value;
  const raw = (this as Json)[key];
  return raw instanceof Date ? raw.toISOString() : value;
}

function reviveDates(key: string, value: unknown): unknown {
  if (!key.endsWith('Date')) return value;
  if (typeof value === 'number' || typeof value === 'string') return new Date(value);
  return value;
}

export function serializeStore(document: Json): string {
  return `${JSON.stringify(document, replaceDates, 2)}\n`;
}

const pathOf = (key: string | string[]) => (Array.isArray(key) ? key : [key]);

export class DurableJsonDataStore implements DataStore {
  private flushing: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;

  constructor(
    readonly file: string,
    private readonly document: Json,
  ) {}

  /** Opens `file`, or creates it with `defaults`; UnreadableDataFileError when it exists and cannot be read. */
  static async open(file: string, defaults: object): Promise<DurableJsonDataStore> {
    if (existsSync(file)) {
      const document = readJsonObjectFile(file, reviveDates);
      return new DurableJsonDataStore(file, Object.keys(document).length ? document : { ...defaults });
    }
    const store = new DurableJsonDataStore(file, structuredClone(defaults) as Json);
    await store.persist();
    return store;
  }

  getRoot<T>(_ctx: Context): Promise<T | null> {
    return Promise.resolve(this.document as T);
  }

  get<T>(ctx: Context, key: string | string[]): Promise<T | null>;
  get<T>(ctx: Context, key: string | string[], defaultValue: T): Promise<T>;
  get<T>(_ctx: Context, key: string | string[], defaultValue?: T): Promise<T | null> {
    let node: unknown = this.document;
    for (const part of pathOf(key)) {
      if (typeof node !== 'object' || node === null) {
        node = undefined;
        break;
      }
      node = (node as Json)[part];
    }
    return Promise.resolve((node as T | undefined) ?? defaultValue ?? null);
  }

  set<T>(_ctx: Context, key: string | string[], value: T): Promise<void> {
    const path = pathOf(key);
    let node = this.document;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Json;
    }
    node[path[path.length - 1] as string] = value;
    return this.persist();
  }

  delete(_ctx: Context, key: string | string[]): Promise<void> {
    const path = pathOf(key);
    let node: unknown = this.document;
    for (const part of path.slice(0, -1)) node = (node as Json | undefined)?.[part];
    if (typeof node === 'object' && node !== null) delete (node as Json)[path[path.length - 1] as string];
    return this.persist();
  }

  /**
   * Resolves once a snapshot taken after this call is on disk. While a write runs, every call shares the one
   * queued write that follows it.
   */
  persist(): Promise<void> {
    if (!this.queued) {
      const queued = this.flushing
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return writeFileDurably(this.file, serializeStore(this.document));
        });
      this.queued = queued;
      this.flushing = queued;
    }
    return this.queued;
  }
}

/** cognito-local's DataStoreFactory over DurableJsonDataStore: one `<id>.json` per store in `directory`. */
export class DurableJsonDataStoreFactory implements DataStoreFactory {
  constructor(private readonly directory: string) {}

  async create(_ctx: Context, id: string, defaults: object): Promise<DataStore> {
    mkdirSync(this.directory, { recursive: true });
    return DurableJsonDataStore.open(join(this.directory, `${id}.json`), defaults);
  }
}

/** Where cognito-local keeps its files under the folder it runs in (its working directory). */
export function cognitoDataFiles(cognitoDirectory: string): string[] {
  const files: string[] = [];
  for (const folder of [join(cognitoDirectory, '.cognito'), join(cognitoDirectory, '.cognito', 'db')]) {
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.json')) files.push(join(folder, entry.name));
    }
  }
  return files;
}

/** Temporary files a killed write left behind (never read; removed so they do not pile up). */
export function removeLeftoverTemporaryFiles(folder: string): void {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.startsWith('.') && entry.name.endsWith('.tmp')) {
      rmSync(join(folder, entry.name), { force: true });
    }
  }
}
