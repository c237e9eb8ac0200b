import { performance } from 'node:perf_hooks';
import type { DynamoPortalInventoryWriter } from '../../functions/core/adapters/dynamodb/portal-inventory.writer';
import type { ProductRecord } from '../../functions/core/domain/portal';
import type { ImportOutcome } from '../../functions/core/ports';
import type { DynamoDbMeter, ItemReader, Usage } from './dynamodb-meter';
import { round } from './stats';

/** How one import went: throughput, capacity per product and the importing process's own CPU time. */
export interface ImportFigures {
  readonly products: number;
  readonly requests: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly productsPerSecond: number;
  readonly writeUnitsPerProduct: number;
  /** The part of `writeUnitsPerProduct` spent on index entries (byCollection, byFamily, byDue). */
  readonly indexWriteUnitsPerProduct: number;
  readonly readUnitsPerProduct: number;
  /** CPU time of this Node.js process (the adapter's side: marshalling, HTTP) per 1,000 products. */
  readonly clientCpuMsPer1000: number;
  readonly usage: Usage;
}

export interface ImportRun {
  readonly figures: ImportFigures;
  readonly outcomes: readonly ImportOutcome[];
}

/**
 * Imports `requests` (each at most one import route's worth of rows) through the real adapter, `concurrency`
 * of them at a time, printing progress; the meter is reset first, so its usage is this import's.
 */
export async function importProducts(options: {
  readonly inventory: DynamoPortalInventoryWriter;
  readonly meter: DynamoDbMeter;
  readonly organizationId: string;
  readonly requests: readonly (readonly ProductRecord[])[];
  readonly today: string;
  readonly concurrency: number;
  /** Reads an item without the meter, to price counter updates by the site item's size. */
  readonly read: ItemReader;
  readonly progress?: (done: number, total: number, seconds: number) => void;
}): Promise<ImportRun> {
  const { inventory, meter, organizationId, requests, today } = options;
  const total = requests.reduce((sum, request) => sum + request.length, 0);
  const outcomes: ImportOutcome[] = [];
  let done = 0;
  let next = 0;
  meter.reset();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++] as readonly ProductRecord[];
      outcomes.push(
        ...(await inventory.importProducts(organizationId, request, new Date(`${today}T00:00:00.000Z`))),
      );
      done += request.length;
      options.progress?.(done, total, (performance.now() - started) / 1000);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, requests.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await meter.priceWrites(options.read);
  const usage = meter.usage();
  return {
    outcomes,
    figures: {
      products: total,
      requests: requests.length,
      concurrency: Math.min(options.concurrency, requests.length),
      seconds: round(seconds, 2),
      productsPerSecond: Math.round(total / seconds),
      writeUnitsPerProduct: round(usage.writeUnits / total, 2),
      indexWriteUnitsPerProduct: round(usage.indexWriteUnits / total, 2),
      readUnitsPerProduct: round(usage.readUnits / total, 2),
      clientCpuMsPer1000: Math.round(((cpu.user + cpu.system) / 1000 / total) * 1000),
      usage,
    },
  };
}

/** One line of progress, rewritten in place on a terminal. */
export function progressLine(label: string): (done: number, total: number, seconds: number) => void {
  return (done, total, seconds) => {
    const line =
      `  ${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} products ` +
      `(${Math.round(done / seconds).toLocaleString('en')}/s, ${seconds.toFixed(1)} s)`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
    else console.log(line);
  };
}
