import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';

/**
 * One background export as one Lambda instance of the export function runs it, for the summary bench
 * (bench/support/export-jobs.ts): a plain `node` process (no tsx) loads the export function's bundle, built as
 * lib/export-workflow.ts builds it, invokes it once with the RunExport task's event (argv[3], JSON), and sends
 * the parent what it cost this process: wall and CPU time, and memory sampled every SAMPLE_MS while the export
 * runs (RSS and V8 heap) besides the kernel's peak RSS (VmHWM). This file is itself bundled by esbuild.
 */

const SAMPLE_MS = 20;
const MB = 2 ** 20;
/** perf_hooks' NODE_PERFORMANCE_GC_MINOR and _MAJOR (a scavenge; a mark-sweep-compact). */
const MINOR_GC = 1;
const MAJOR_GC = 4;

/**
 * The process's peak RSS (VmHWM). Not resourceUsage().maxRSS: Linux carries that over from the parent across
 * fork and exec, so a small child reports its parent's peak.
 */
function peakRssMb(): number {
  try {
    const kb = /^VmHWM:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const [bundle, eventText] = process.argv.slice(2);
  if (!bundle || !eventText) throw new Error('usage: export-harness <bundle> <event JSON>');
  const module = (await import(pathToFileURL(bundle).href)) as {
    handler: (event: unknown, context: unknown) => Promise<unknown>;
  };
  // What the instance holds before the export: the runtime, the bundle and its clients.
  const before = process.memoryUsage();
  const peakBefore = peakRssMb();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  /** V8's committed heap and the memory of Buffers and other objects outside it, at their highest. */
  let peakHeapTotal = before.heapTotal;
  let peakExternal = before.external;
  let samples = 0;
  /** Every sample's time (ms from the start), RSS and heap: the parent reports them by quarter of the run. */
  const series: [number, number, number][] = [];
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakHeapTotal = Math.max(peakHeapTotal, usage.heapTotal);
    peakExternal = Math.max(peakExternal, usage.external);
    samples += 1;
    series.push([performance.now() - started, usage.rss / MB, usage.heapUsed / MB]);
  };
  // Garbage collections while the export runs: how many of each kind and their time (what flags cost).
  const collections = { minor: 0, major: 0, other: 0, ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      const kind = entry.detail?.kind;
      if (kind === MINOR_GC) collections.minor += 1;
      else if (kind === MAJOR_GC) collections.major += 1;
      else collections.other += 1;
      collections.ms += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  let started = performance.now();
  const timer = setInterval(sample, SAMPLE_MS);
  const timeoutMs = 5 * 60_000;
  const deadline = Date.now() + timeoutMs;
  const context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'portico-export',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:portico-export',
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/portico-export',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  const cpu = process.cpuUsage();
  started = performance.now();
  let result: unknown;
  let error: string | undefined;
  try {
    result = await module.handler(JSON.parse(eventText), context);
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  sample();
  // Let the observer deliver the last entries.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  process.send?.({
    result,
    error,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    samples,
    baseRssMb: before.rss / MB,
    baseHeapUsedMb: before.heapUsed / MB,
    baseVmHwmMb: peakBefore,
    peakRssMb: peakRss / MB,
    peakHeapUsedMb: peakHeap / MB,
    baseHeapTotalMb: before.heapTotal / MB,
    peakHeapTotalMb: peakHeapTotal / MB,
    baseExternalMb: before.external / MB,
    peakExternalMb: peakExternal / MB,
    vmHwmMb: peakRssMb(),
    nodeOptions: process.env.NODE_OPTIONS ?? '',
    heapLimitMb: getHeapStatistics().heap_size_limit / MB,
    collections: { ...collections, ms: Math.round(collections.ms) },
    quarters: [1, 2, 3, 4].map((quarter) => {
      const inQuarter = series.filter(
        ([at]) => at > ((quarter - 1) * wallMs) / 4 && at <= (quarter * wallMs) / 4 + SAMPLE_MS,
      );
      return {
        peakRssMb: Math.max(0, ...inQuarter.map(([, rss]) => rss)),
        peakHeapUsedMb: Math.max(0, ...inQuarter.map(([, , heap]) => heap)),
      };
    }),
  });
  process.disconnect?.();
}

void main();
