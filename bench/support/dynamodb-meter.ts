import { performance } from 'node:perf_hooks';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { missingKeyReadUnits, transactionalWriteUnits } from './capacity-model';

/**
 * What a DynamoDB client did: how many commands it sent (each one round trip unless the SDK retried, which is
 * counted apart) and the capacity they consumed. Benchmark-only: a client middleware asks every data-plane
 * command for `ReturnConsumedCapacity: 'TOTAL'` (table and indexes together), which production code never does,
 * and sums what DynamoDB answers. Where DynamoDB Local answers wrongly (transactions, missing keys of a batch
 * read) the figure follows DynamoDB's published rules instead (capacity-model.ts); `reported` keeps the raw sums.
 */
export interface Usage {
  /** Commands sent, by command name (`QueryCommand` …). */
  readonly commands: Readonly<Record<string, number>>;
  /** Milliseconds spent waiting for each kind of command, summed (commands sent together overlap). */
  readonly commandMs: Readonly<Record<string, number>>;
  /** Sum of `commands`. */
  readonly roundTrips: number;
  /** HTTP attempts beyond the first of a command (SDK retries): 0 in a quiet run. */
  readonly retries: number;
  /** Commands that failed (e.g. a transaction that lost a race and was retried by the adapter). */
  readonly failures: number;
  /** Read capacity units consumed. */
  readonly readUnits: number;
  /** Write capacity units consumed, index entries included. */
  readonly writeUnits: number;
  /** The part of `writeUnits` spent on global secondary index entries (transactional writes only). */
  readonly indexWriteUnits: number;
  /** Updates and deletes inside transactions not priced yet (see DynamoDbMeter.priceWrites). */
  readonly unpricedWrites: number;
  /** What DynamoDB Local itself reported. */
  readonly reported: { readonly readUnits: number; readonly writeUnits: number };
}

/** Commands that accept ReturnConsumedCapacity, and whether their capacity is read or write capacity. */
const METERED: Readonly<Record<string, 'read' | 'write'>> = {
  GetItemCommand: 'read',
  BatchGetItemCommand: 'read',
  QueryCommand: 'read',
  ScanCommand: 'read',
  TransactGetItemsCommand: 'read',
  PutItemCommand: 'write',
  UpdateItemCommand: 'write',
  DeleteItemCommand: 'write',
  BatchWriteItemCommand: 'write',
  TransactWriteItemsCommand: 'write',
};

type Item = Record<string, unknown>;

interface TransactAction {
  readonly Put?: { readonly TableName?: string; readonly Item?: Item };
  readonly Update?: { readonly TableName?: string; readonly Key?: Item };
  readonly Delete?: { readonly TableName?: string; readonly Key?: Item };
  readonly ConditionCheck?: { readonly TableName?: string; readonly Key?: Item };
}

interface BatchGetInput {
  readonly RequestItems?: Record<
    string,
    { readonly Keys?: readonly Item[]; readonly ConsistentRead?: boolean }
  >;
}

interface BatchGetOutput {
  readonly Responses?: Record<string, readonly Item[]>;
  readonly UnprocessedKeys?: Record<string, { readonly Keys?: readonly Item[] }>;
}

/** Reads an item (without the meter) to price a write by the item's size. */
export type ItemReader = (tableName: string, key: Item) => Promise<Item | undefined>;

export class DynamoDbMeter {
  private commands = new Map<string, number>();
  private commandMs = new Map<string, number>();
  private retries = 0;
  private failures = 0;
  private readUnits = 0;
  private writeUnits = 0;
  private indexWriteUnits = 0;
  private reportedRead = 0;
  private reportedWrite = 0;
  /** Updates, deletes and condition checks of transactions by item, priced later by the item's size. */
  private unpriced = new Map<string, { tableName: string; key: Item; count: number }>();

  /** Adds the meter to a client (a document client shares its middleware stack with the client it wraps). */
  attach(client: DynamoDBDocumentClient): this {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? 'unknown';
        const kind = METERED[name];
        const input = args.input as Record<string, unknown>;
        if (kind) input.ReturnConsumedCapacity = 'TOTAL';
        this.commands.set(name, (this.commands.get(name) ?? 0) + 1);
        const started = performance.now();
        try {
          const result = await next(args);
          const output = result.output as {
            $metadata?: { attempts?: number };
            ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[];
          };
          this.retries += Math.max(0, (output.$metadata?.attempts ?? 1) - 1);
          if (kind) this.record(name, kind, input, output);
          return result;
        } catch (error) {
          this.failures += 1;
          throw error;
        } finally {
          this.commandMs.set(name, (this.commandMs.get(name) ?? 0) + performance.now() - started);
        }
      },
      { step: 'initialize', name: 'benchDynamoDbMeter', override: true },
    );
    return this;
  }

  /** Usage since the meter was attached or last reset. */
  usage(): Usage {
    return {
      commands: Object.fromEntries([...this.commands].sort(([a], [b]) => a.localeCompare(b))),
      commandMs: Object.fromEntries([...this.commandMs].sort(([a], [b]) => a.localeCompare(b))),
      roundTrips: [...this.commands.values()].reduce((sum, count) => sum + count, 0),
      retries: this.retries,
      failures: this.failures,
      readUnits: this.readUnits,
      writeUnits: this.writeUnits,
      indexWriteUnits: this.indexWriteUnits,
      unpricedWrites: [...this.unpriced.values()].reduce((sum, entry) => sum + entry.count, 0),
      reported: { readUnits: this.reportedRead, writeUnits: this.reportedWrite },
    };
  }

  reset(): void {
    this.commands = new Map();
    this.commandMs = new Map();
    this.retries = 0;
    this.failures = 0;
    this.readUnits = 0;
    this.writeUnits = 0;
    this.indexWriteUnits = 0;
    this.reportedRead = 0;
    this.reportedWrite = 0;
    this.unpriced = new Map();
  }

  /**
   * Prices the updates of transactions by the size of their items now (read with `read`, which must not go
   * through this meter). For counters that only grow in number, the size now is the size each update wrote,
   * give or take the cells it added.
   */
  async priceWrites(read: ItemReader): Promise<void> {
    for (const { tableName, key, count } of this.unpriced.values()) {
      const item = await read(tableName, key);
      const units = item ? transactionalWriteUnits(item) : { table: 2, indexes: 0 };
      this.writeUnits += (units.table + units.indexes) * count;
      this.indexWriteUnits += units.indexes * count;
    }
    this.unpriced = new Map();
  }

  private record(
    name: string,
    kind: 'read' | 'write',
    input: Record<string, unknown>,
    output: { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] },
  ): void {
    const consumed = output.ConsumedCapacity;
    const reported = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
      (sum, entry) => sum + (entry.CapacityUnits ?? 0),
      0,
    );
    if (kind === 'read') this.reportedRead += reported;
    else this.reportedWrite += reported;

    if (name === 'TransactWriteItemsCommand') {
      for (const action of (input.TransactItems ?? []) as TransactAction[]) {
        if (action.Put?.Item) {
          const units = transactionalWriteUnits(action.Put.Item);
          this.writeUnits += units.table + units.indexes;
          this.indexWriteUnits += units.indexes;
          continue;
        }
        const target = action.Update ?? action.Delete ?? action.ConditionCheck;
        if (!target?.Key || !target.TableName) continue;
        const id = `${target.TableName}\n${JSON.stringify(target.Key)}`;
        const entry = this.unpriced.get(id) ?? { tableName: target.TableName, key: target.Key, count: 0 };
        entry.count += 1;
        this.unpriced.set(id, entry);
      }
      return;
    }
    if (name === 'BatchGetItemCommand') {
      const request = (input as BatchGetInput).RequestItems ?? {};
      const answer = output as BatchGetOutput;
      let missingUnits = 0;
      for (const [table, { Keys = [], ConsistentRead = false }] of Object.entries(request)) {
        const found = answer.Responses?.[table]?.length ?? 0;
        const unprocessed = answer.UnprocessedKeys?.[table]?.Keys?.length ?? 0;
        missingUnits += missingKeyReadUnits(Keys.length - found - unprocessed, ConsistentRead);
      }
      this.readUnits += reported + missingUnits;
      return;
    }
    if (kind === 'read') this.readUnits += reported;
    else this.writeUnits += reported;
  }
}
