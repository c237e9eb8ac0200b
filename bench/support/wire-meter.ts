import { gunzipSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ProxiedRequest, ProxyHooks, UpstreamAnswer } from '../../test/resilience/fault-proxy';
import {
  emptyQueryReadUnits,
  itemSize,
  missingKeyReadUnits,
  transactionalChangeUnits,
} from './capacity-model';
import type { ItemReader } from './dynamodb-meter';
import { round } from './stats';

/**
 * Meters DynamoDB on the wire, from an HTTP proxy between the Lambda handlers and DynamoDB Local (the fault
 * proxy of test/resilience with hooks): every DynamoDB JSON request is sent on with
 * `"ReturnConsumedCapacity":"TOTAL"`, and each answer's `ConsumedCapacity` is added to the call in progress
 * (`during`). Calls must run one at a time for that to be exact; requests outside any call (review workflow,
 * jobs) are kept apart as background. Where DynamoDB Local reports wrongly, the same published rules as the
 * Summary bench's meter apply (capacity-model.ts), and two more: each item of a transaction is priced from its
 * state just before (read as the request passes) and just after (read before the answer goes back), index
 * entries added, removed or moved included; a BatchGetItem key that finds nothing costs 1 RCU consistent, an
 * empty Query the minimum. What DynamoDB Local reported is kept as `reported`.
 */

const PREFIX = 'DynamoDB_20120810.';
/** Operations that take ReturnConsumedCapacity, and whether they consume read or write capacity. */
const METERED: Readonly<Record<string, 'read' | 'write'>> = {
  GetItem: 'read',
  BatchGetItem: 'read',
  Query: 'read',
  Scan: 'read',
  TransactGetItems: 'read',
  PutItem: 'write',
  UpdateItem: 'write',
  DeleteItem: 'write',
  BatchWriteItem: 'write',
  TransactWriteItems: 'write',
};

type Wire = Record<string, AttributeValue>;

interface WireKeyed {
  readonly TableName?: string;
  readonly Key?: Wire;
  readonly Item?: Wire;
}

/** One DynamoDB request as metered. */
export interface WireOperation {
  readonly operation: string;
  /** The item or partition it touched, e.g. `USER#… PROFILE`, `byEmailDomain DOMAIN#acme.example`. */
  readonly what: string;
  readonly status: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly reported: { readonly readUnits: number; readonly writeUnits: number };
  /** When the request reached the proxy and when its answer came back (ms, performance.now()). */
  readonly startedAt: number;
  readonly endedAt: number;
}

/** What one call cost. */
export interface WireUsage {
  /** DynamoDB requests the call made. */
  readonly roundTrips: number;
  /**
   * Round trips in sequence: the longest chain of requests each of which started after the one before it had
   * answered. Requests sent together count once; this is what the call's latency is made of.
   */
  readonly sequential: number;
  readonly failures: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly reported: { readonly readUnits: number; readonly writeUnits: number };
  readonly operations: readonly WireOperation[];
}

type Item = Record<string, unknown>;

/** One item a transaction writes, with the item as it was just before. */
interface TransactionTarget {
  readonly action: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  readonly tableName: string;
  readonly key: Item;
  readonly before: Item | undefined;
}

interface Pending {
  readonly startedAt: number;
  readonly label: string | undefined;
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly targets: readonly TransactionTarget[];
}

type Recorded = WireOperation;

function describeKey(key: Wire | undefined): string {
  if (!key) return '';
  const plain = unmarshall(key);
  return [plain.pk, plain.sk].filter((part) => part !== undefined).join(' ');
}

function describe(operation: string, input: Record<string, unknown>): string {
  const keyed = input as WireKeyed & {
    IndexName?: string;
    ExpressionAttributeValues?: Wire;
    TransactItems?: Record<string, WireKeyed>[];
    RequestItems?: Record<string, { Keys?: Wire[] } | { PutRequest?: WireKeyed }[]>;
  };
  switch (operation) {
    case 'Query': {
      const values = keyed.ExpressionAttributeValues ? unmarshall(keyed.ExpressionAttributeValues) : {};
      const partition = Object.values(values).find((value) => typeof value === 'string') as string;
      return `${keyed.IndexName ? `${keyed.IndexName} ` : ''}${partition ?? ''}`;
    }
    case 'TransactWriteItems':
      return (keyed.TransactItems ?? [])
        .map((action) => {
          const [kind, body] = Object.entries(action)[0] ?? ['?', {}];
          return `${kind} ${describeKey(body.Key ?? body.Item)}`;
        })
        .join(' + ');
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return `${Object.values(keyed.RequestItems ?? {}).reduce(
        (sum, entry) => sum + (Array.isArray(entry) ? entry.length : (entry.Keys?.length ?? 0)),
        0,
      )} items`;
    default:
      return describeKey(keyed.Key ?? keyed.Item);
  }
}

export class WireMeter {
  private label: string | undefined;
  private readonly pending = new WeakMap<ProxiedRequest, Pending>();
  private inFlight = 0;
  private readonly byLabel = new Map<string, Recorded[]>();
  private readonly background: Recorded[] = [];

  /** `read` reads an item straight from DynamoDB Local (not through the proxy), to price transactional updates. */
  constructor(private readonly read: ItemReader) {}

  /** The proxy hooks: add ReturnConsumedCapacity on the way in, read ConsumedCapacity on the way out. */
  hooks(): ProxyHooks {
    return {
      rewrite: async (request) => {
        if (!request.target.startsWith(PREFIX)) return undefined;
        const startedAt = performance.now();
        const operation = request.target.slice(PREFIX.length);
        const input = JSON.parse(request.body) as Record<string, unknown>;
        const label = this.label;
        this.inFlight += 1;
        // A transaction's items as they are before it, to price what it changes (DynamoDB Local cannot).
        const targets: TransactionTarget[] = [];
        if (operation === 'TransactWriteItems') {
          for (const entry of (input.TransactItems ?? []) as Record<string, WireKeyed>[]) {
            const [action, body] = (Object.entries(entry)[0] ?? []) as [
              TransactionTarget['action'],
              WireKeyed,
            ];
            const wireKey = body?.Key ?? body?.Item;
            if (!body?.TableName || !wireKey) continue;
            const plain = unmarshall(wireKey);
            const key = { pk: plain.pk as unknown, sk: plain.sk as unknown };
            targets.push({
              action,
              tableName: body.TableName,
              key,
              before: await this.read(body.TableName, key),
            });
          }
        }
        this.pending.set(request, { startedAt, label, operation, input, targets });
        if (!METERED[operation]) return undefined;
        return JSON.stringify({ ...input, ReturnConsumedCapacity: 'TOTAL' });
      },
      // Runs before the answer goes back to the handler, so a transaction's items are read as it left them.
      observe: async (request, answer) => {
        const endedAt = performance.now();
        const pending = this.pending.get(request);
        if (!pending) return;
        try {
          const recorded = { ...(await this.record(pending, answer)), endedAt };
          if (pending.label === undefined) this.background.push(recorded);
          else this.byLabel.set(pending.label, [...(this.byLabel.get(pending.label) ?? []), recorded]);
        } finally {
          this.inFlight -= 1;
        }
      },
    };
  }

  /**
   * Runs `call` (one API call, awaited to its answer) and answers what its DynamoDB requests cost. With
   * `until`, the call's own requests end with the first one `until` accepts; any later ones in its window
   * (work the call started in the background) go to background.
   */
  async during<T>(
    label: string,
    call: () => Promise<T>,
    until?: (operation: WireOperation) => boolean,
  ): Promise<{ readonly answer: T; readonly usage: WireUsage }> {
    if (this.label !== undefined) throw new Error(`metering ${this.label} already; calls run one at a time`);
    this.label = label;
    let answer: T;
    try {
      answer = await call();
      await this.settle();
    } finally {
      this.label = undefined;
    }
    let recorded = this.byLabel.get(label) ?? [];
    this.byLabel.delete(label);
    if (until) {
      const last = recorded.findIndex(until);
      if (last >= 0) {
        this.background.push(...recorded.slice(last + 1));
        recorded = recorded.slice(0, last + 1);
      }
    }
    return { answer, usage: this.usageOf(recorded) };
  }

  /** Requests made outside any call since the last time, priced; waits for quiet first. */
  async takeBackground(quietMs = 0): Promise<WireUsage> {
    await this.settle(quietMs);
    const recorded = this.background.splice(0);
    return this.usageOf(recorded);
  }

  /** Waits until no request is in flight (and, with quietMs, none has started for that long). */
  private async settle(quietMs = 0): Promise<void> {
    for (let waited = 0; waited < 30_000; waited += 20) {
      if (this.inFlight === 0) {
        if (quietMs === 0) return;
        const before = this.background.length;
        await new Promise((resolve) => setTimeout(resolve, quietMs));
        if (this.inFlight === 0 && this.background.length === before) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('DynamoDB requests still in flight after 30 s');
  }

  private async record(pending: Pending, answer: UpstreamAnswer): Promise<Recorded> {
    const { operation, input, targets, startedAt } = pending;
    const kind = METERED[operation];
    const text = (
      answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.body) : answer.body
    ).toString('utf8');
    let output: Record<string, unknown>;
    try {
      output = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      output = {};
    }
    const consumed = output.ConsumedCapacity as
      { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
    const reported = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
      (sum, entry) => sum + (entry.CapacityUnits ?? 0),
      0,
    );
    const recorded: Recorded = {
      startedAt,
      endedAt: startedAt,
      operation,
      what: describe(operation, input),
      status: answer.status,
      readUnits: kind === 'read' ? reported : 0,
      writeUnits: kind === 'write' ? reported : 0,
      reported: {
        readUnits: kind === 'read' ? reported : 0,
        writeUnits: kind === 'write' ? reported : 0,
      },
    };
    if (operation === 'TransactWriteItems' && answer.status === 200) {
      // DynamoDB Local prices a multi-item transaction as about one item: each item is priced instead, from its
      // state before (read as the request went through) and after (read now, before the handler has the answer).
      let writeUnits = 0;
      const priced: string[] = [];
      for (const { action, tableName, key, before } of targets) {
        const label = `${action} ${String(key.pk)} ${String(key.sk)}`;
        if (action === 'ConditionCheck') {
          const units = 2 * Math.max(1, Math.ceil((before ? itemSize(before) : 0) / 1024));
          writeUnits += units;
          priced.push(`${label} (${units})`);
          continue;
        }
        const units = transactionalChangeUnits(before, await this.read(tableName, key));
        writeUnits += units.table + units.indexes;
        priced.push(`${label} (${units.table}+${units.indexes} index)`);
      }
      return { ...recorded, writeUnits, what: priced.join(' + ') };
    }
    if (operation === 'Query' && reported === 0 && answer.status === 200) {
      // An empty Query costs the minimum on DynamoDB; DynamoDB Local reports 0.
      return { ...recorded, readUnits: emptyQueryReadUnits(input.ConsistentRead === true) };
    }
    if (operation === 'BatchGetItem') {
      // DynamoDB Local reports 0 for keys that find nothing; DynamoDB charges them.
      const request = (input.RequestItems ?? {}) as Record<
        string,
        { Keys?: Wire[]; ConsistentRead?: boolean }
      >;
      const responses = (output.Responses ?? {}) as Record<string, unknown[]>;
      const unprocessed = (output.UnprocessedKeys ?? {}) as Record<string, { Keys?: unknown[] }>;
      let missing = 0;
      for (const [table, { Keys = [], ConsistentRead = false }] of Object.entries(request)) {
        const found = responses[table]?.length ?? 0;
        const left = unprocessed[table]?.Keys?.length ?? 0;
        missing += missingKeyReadUnits(Keys.length - found - left, ConsistentRead);
      }
      return { ...recorded, readUnits: recorded.readUnits + missing };
    }
    return recorded;
  }

  private usageOf(operations: readonly WireOperation[]): WireUsage {
    const sum = (pick: (operation: WireOperation) => number) =>
      round(
        operations.reduce((total, operation) => total + pick(operation), 0),
        2,
      );
    return {
      roundTrips: operations.length,
      sequential: sequentialRoundTrips(operations),
      failures: operations.filter((operation) => operation.status >= 300).length,
      readUnits: sum((operation) => operation.readUnits),
      writeUnits: sum((operation) => operation.writeUnits),
      reported: {
        readUnits: sum((operation) => operation.reported.readUnits),
        writeUnits: sum((operation) => operation.reported.writeUnits),
      },
      operations,
    };
  }
}

/** The longest chain of requests in which each started after the one before it answered. */
export function sequentialRoundTrips(
  operations: ReadonlyArray<Pick<WireOperation, 'startedAt' | 'endedAt'>>,
): number {
  const ordered = [...operations].sort((a, b) => a.startedAt - b.startedAt);
  const depth: number[] = [];
  ordered.forEach((operation, index) => {
    let before = 0;
    for (let earlier = 0; earlier < index; earlier++) {
      if ((ordered[earlier]?.endedAt ?? Infinity) <= operation.startedAt) {
        before = Math.max(before, depth[earlier] ?? 0);
      }
    }
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}
