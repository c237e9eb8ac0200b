import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { createS3Client } from '../../functions/core/adapters/aws-clients';
import { DynamoExportJobStore } from '../../functions/core/adapters/dynamodb/export-job.store';
import { exportObjectKey, queuedExport, type ProductSelection } from '../../functions/core/domain/export-job';
import { csvHeader, csvLine } from '../../functions/core/domain/product-export';
import { planExport } from '../../functions/core/use-cases/portal/export-products';
import { requirePortalMember } from '../../functions/core/use-cases/portal-access';
import { MAX_JOB_EXPORT_PRODUCTS } from '../../functions/core/domain/export-job';
import { EXPORT_FUNCTION_NODE_OPTIONS } from '../../functions/exports/export-workflow.contract';
import { esbuildOptions } from '../../lib/bundling-options';
import { startS3Local } from '../../local/emulators/s3-local';
import { freePort } from '../../local/emulators/wait-for-port';
import type { DynamoDbMeter } from './dynamodb-meter';
import { mean, percentile, round } from './stats';
import type { PortalDeps } from './summary-request';

/**
 * The export cases of the summary bench (issue 18):
 *
 * - **the first page** of an export, in this process as the export function starts every file: the account,
 *   then the selection checked and planned (planExport: the overview, which carries the organization's status,
 *   and any group) with the first page of rows (1,000 products) read beside them when this process's last
 *   reads make it guessable, and written as CSV text;
 * - **the whole background export**, in a process of its own: the export function's bundle, built as CDK
 *   builds it, run once with the RunExport task's event by a plain `node` process (support/export-harness.ts)
 *   against this run's DynamoDB Local and an s3rver (the local stack's S3 emulator) on a free port. The
 *   harness samples that process's memory while it runs; the file is then read back from s3rver and checked.
 */

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const EXPORT_HANDLER = 'functions/exports/export-task.handler.ts';
const BUCKET = 'portico-bench-exports';
const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' } as const;

// ── The first page ───────────────────────────────────────────────────────────────────────────────────────────

export interface FirstPageSample {
  readonly ms: number;
  /** DynamoDB requests: the account, then the overview (and group) beside the first page's queries. */
  readonly roundTrips: number;
  readonly readUnits: number;
  readonly rows: number;
  readonly bytes: number;
}

export interface FirstPageFigures {
  readonly runs: number;
  readonly rows: number;
  readonly bytes: number;
  readonly roundTrips: number;
  readonly readUnits: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

/** The time to an export's first page of rows as CSV text (what the file's first part holds). */
export async function sampleExportFirstPage(
  deps: PortalDeps,
  meter: DynamoDbMeter,
  userId: string,
  selection: ProductSelection,
): Promise<FirstPageSample> {
  meter.reset();
  const started = performance.now();
  // As the export function: the account, then planExport (the overview, which carries the organization's
  // status, and any group, with the first page read beside them when the last reads make it guessable).
  const member = await requirePortalMember(deps, userId);
  const { pages } = await planExport(deps, member, selection, MAX_JOB_EXPORT_PRODUCTS);
  const first = await pages.next();
  await pages.return(undefined);
  const text = csvHeader() + (first.done ? '' : first.value.map(csvLine).join(''));
  const ms = performance.now() - started;
  const usage = meter.usage();
  return {
    ms,
    roundTrips: usage.roundTrips,
    readUnits: usage.readUnits,
    rows: text.split('\r\n').length - 2,
    bytes: Buffer.byteLength(text),
  };
}

export function summarizeFirstPage(samples: readonly FirstPageSample[]): FirstPageFigures {
  const latencies = samples.map((sample) => sample.ms);
  return {
    runs: samples.length,
    rows: Math.round(mean(samples.map((sample) => sample.rows))),
    bytes: Math.round(mean(samples.map((sample) => sample.bytes))),
    roundTrips: round(mean(samples.map((sample) => sample.roundTrips)), 2),
    readUnits: round(mean(samples.map((sample) => sample.readUnits)), 2),
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
  };
}

// ── The whole background export ──────────────────────────────────────────────────────────────────────────────

export interface BackgroundExportCase {
  readonly label: string;
  readonly organizationId: string;
  readonly ownerId: string;
  readonly selection: ProductSelection;
  readonly format: 'csv' | 'json';
  /** The products the file must hold, counted from the generated rows. */
  readonly expectedCount: number;
}

export interface BackgroundExportFigures {
  readonly label: string;
  /** The NODE_OPTIONS the function's process ran with. */
  readonly nodeOptions: string;
  readonly organizationId: string;
  readonly products: number;
  readonly bytes: number;
  /** The export function's invocation, wall time and CPU time of its process. */
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly productsPerSecond: number;
  /** The instance before the export (the bundle loaded, its clients made) … */
  readonly baseRssMb: number;
  readonly baseHeapUsedMb: number;
  /** … and at its highest while the export ran: sampled every 20 ms, and the kernel's peak RSS (VmHWM). */
  readonly peakRssMb: number;
  readonly peakHeapUsedMb: number;
  readonly vmHwmMb: number;
  /** V8's committed heap (heapTotal) and the memory outside it (external: Buffers), before and at the peak. */
  readonly baseHeapTotalMb: number;
  readonly peakHeapTotalMb: number;
  readonly baseExternalMb: number;
  readonly peakExternalMb: number;
  readonly memorySamples: number;
  /** V8's heap limit in that process (what the function's NODE_OPTIONS make of it). */
  readonly heapLimitMb: number;
  /** Garbage collections while the export ran: scavenges, mark-compacts, others, and their time in ms. */
  readonly collections: HarnessReport['collections'];
  /** The highest RSS and heap sampled in each quarter of the run: flat after the first if memory is. */
  readonly quarters: readonly { readonly peakRssMb: number; readonly peakHeapUsedMb: number }[];
  /** What was read back from s3rver: lines (header included) and bytes, and that the BOM is there. */
  readonly checked: { readonly lines: number; readonly bytes: number; readonly bom: boolean };
}

interface HarnessReport {
  readonly result?: unknown;
  readonly error?: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly samples: number;
  readonly baseRssMb: number;
  readonly baseHeapUsedMb: number;
  readonly peakRssMb: number;
  readonly peakHeapUsedMb: number;
  readonly vmHwmMb: number;
  readonly baseHeapTotalMb: number;
  readonly peakHeapTotalMb: number;
  readonly baseExternalMb: number;
  readonly peakExternalMb: number;
  readonly quarters: readonly { readonly peakRssMb: number; readonly peakHeapUsedMb: number }[];
  readonly nodeOptions: string;
  readonly heapLimitMb: number;
  readonly collections: {
    readonly minor: number;
    readonly major: number;
    readonly other: number;
    readonly ms: number;
  };
}

/**
 * The NODE_OPTIONS the harness runs the bundle with: the export function's own (what Lambda runs it with), or
 * BENCH_EXPORT_NODE_OPTIONS to try others: several sets separated by `;` run every case once per set, on the
 * same data (`none` stands for no options).
 */
export function exportNodeOptions(): string[] {
  const chosen = process.env.BENCH_EXPORT_NODE_OPTIONS;
  if (chosen === undefined) return [EXPORT_FUNCTION_NODE_OPTIONS];
  return chosen.split(';').map((set) => (set.trim() === 'none' ? '' : set.trim()));
}

/**
 * Runs each case's background export, one after the other, each in a fresh process (a cold instance of the
 * export function), and checks its job and file.
 */
export async function runBackgroundExports(options: {
  readonly dynamodbEndpoint: string;
  readonly region: string;
  readonly tableName: string;
  readonly documents: DynamoDBDocumentClient;
  readonly cases: readonly BackgroundExportCase[];
}): Promise<{
  readonly bundleBytes: number;
  readonly nodeOptions: readonly string[];
  readonly exports: BackgroundExportFigures[];
}> {
  const directory = mkdtempSync(join(tmpdir(), 'portico-export-bench-'));
  const s3Port = await freePort();
  const s3 = await startS3Local({
    port: s3Port,
    directory: join(directory, 's3'),
    buckets: [BUCKET],
    accessKeys: [CREDENTIALS],
  });
  try {
    const bundle = join(directory, 'export.mjs');
    await build({ ...esbuildOptions(EXPORT_HANDLER, bundle), logLevel: 'error' });
    const harness = join(directory, 'export-harness.mjs');
    await build({
      entryPoints: [join(ROOT, 'bench', 'support', 'export-harness.ts')],
      outfile: harness,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
    });
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: options.region,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
      AWS_ENDPOINT_URL_S3: s3.url,
      S3_FORCE_PATH_STYLE: 'true',
      TABLE_NAME: options.tableName,
      EXPORT_BUCKET_NAME: BUCKET,
      USER_POOL_ID: 'bench',
      MAIL_FROM_ADDRESS: 'no-reply@portico.example',
      PORTAL_URL: 'http://127.0.0.1:3000',
      REVIEWER_EMAIL: 'reviewers@portico.example',
      CODE_SECRET: 'bench-code-secret-of-at-least-32-characters',
      LOG_LEVEL: 'WARN',
      NODE_NO_WARNINGS: '1',
    };
    const jobs = new DynamoExportJobStore(options.documents, options.tableName);
    // Signs with the bench's credentials (useLocalCredentials), which s3rver accepts like the child's.
    const client = createS3Client({ region: options.region, endpoint: s3.url, forcePathStyle: true });
    const exports: BackgroundExportFigures[] = [];
    const optionSets = exportNodeOptions();
    const runs = optionSets.flatMap((nodeOptions) => options.cases.map((one) => ({ one, nodeOptions })));
    for (const { one, nodeOptions } of runs) {
      const job = queuedExport(
        {
          exportId: randomUUID(),
          organizationId: one.organizationId,
          ownerId: one.ownerId,
          format: one.format,
          selection: one.selection,
        },
        new Date(),
      );
      await jobs.create(job);
      const event = {
        task: 'run',
        organizationId: job.organizationId,
        ownerId: job.ownerId,
        exportId: job.exportId,
      };
      const report = await runHarness(harness, bundle, event, { ...env, NODE_OPTIONS: nodeOptions });
      if (report.error) throw new Error(`${one.label}: the export function failed: ${report.error}`);
      const stored = await jobs.get(job.organizationId, job.ownerId, job.exportId);
      if (stored?.state !== 'SUCCEEDED') {
        throw new Error(`${one.label}: the job is ${stored?.state ?? 'gone'} (${stored?.failure ?? ''})`);
      }
      if (stored.count !== one.expectedCount) {
        throw new Error(`${one.label}: ${stored.count} products exported, expected ${one.expectedCount}`);
      }
      const checked = await readBack(client, exportObjectKey(job));
      const csvFits = one.format === 'json' || (checked.lines === one.expectedCount + 1 && checked.bom);
      if (checked.bytes !== stored.bytes || !csvFits) {
        throw new Error(
          `${one.label}: the file read back (${JSON.stringify(checked)}) does not match the job ` +
            `(${stored.bytes} B, ${one.expectedCount} rows)`,
        );
      }
      const seconds = report.wallMs / 1000;
      exports.push({
        label: optionSets.length > 1 ? `${one.label} [${nodeOptions || 'none'}]` : one.label,
        nodeOptions,
        organizationId: one.organizationId,
        products: stored.count,
        bytes: stored.bytes ?? 0,
        seconds: round(seconds, 2),
        cpuSeconds: round(report.cpuMs / 1000, 2),
        productsPerSecond: Math.round(stored.count / seconds),
        baseRssMb: round(report.baseRssMb, 1),
        baseHeapUsedMb: round(report.baseHeapUsedMb, 1),
        peakRssMb: round(report.peakRssMb, 1),
        peakHeapUsedMb: round(report.peakHeapUsedMb, 1),
        vmHwmMb: round(report.vmHwmMb, 1),
        baseHeapTotalMb: round(report.baseHeapTotalMb, 1),
        peakHeapTotalMb: round(report.peakHeapTotalMb, 1),
        baseExternalMb: round(report.baseExternalMb, 1),
        peakExternalMb: round(report.peakExternalMb, 1),
        memorySamples: report.samples,
        heapLimitMb: Math.round(report.heapLimitMb),
        collections: report.collections,
        quarters: report.quarters.map((quarter) => ({
          peakRssMb: round(quarter.peakRssMb, 1),
          peakHeapUsedMb: round(quarter.peakHeapUsedMb, 1),
        })),
        checked,
      });
      console.log(
        `  ${one.label} [${nodeOptions || 'no NODE_OPTIONS'}]: ${stored.count.toLocaleString('en')} products, ${seconds.toFixed(1)} s, ` +
          `peak RSS ${report.vmHwmMb.toFixed(0)} MB (before ${report.baseRssMb.toFixed(0)}), ` +
          `peak heap ${report.peakHeapUsedMb.toFixed(0)} MB used, ` +
          `${report.baseHeapTotalMb.toFixed(0)} → ${report.peakHeapTotalMb.toFixed(0)} MB committed, ` +
          `external ${report.baseExternalMb.toFixed(1)} → ${report.peakExternalMb.toFixed(1)} MB, ` +
          `GC ${report.collections.minor} minor / ${report.collections.major} major, ${report.collections.ms} ms`,
      );
    }
    return { bundleBytes: statSync(bundle).size, nodeOptions: optionSets, exports };
  } finally {
    await s3.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

function runHarness(
  harness: string,
  bundle: string,
  event: unknown,
  env: Readonly<Record<string, string>>,
): Promise<HarnessReport> {
  return new Promise((done, reject) => {
    const child = fork(harness, [bundle, JSON.stringify(event)], {
      execArgv: [],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let logs = '';
    const keep = (chunk: Buffer) => (logs = (logs + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let report: HarnessReport | undefined;
    child.on('message', (message: HarnessReport) => (report = message));
    child.once('exit', (code) =>
      report
        ? done(report)
        : reject(new Error(`the export harness exited (${code}) with no report: ${logs}`)),
    );
  });
}

/** Reads a file back from s3rver as a stream, counting its bytes and lines. */
async function readBack(
  client: ReturnType<typeof createS3Client>,
  key: string,
): Promise<BackgroundExportFigures['checked']> {
  const answer = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  let bytes = 0;
  let lines = 0;
  let bom = false;
  for await (const chunk of answer.Body as Readable) {
    const buffer = chunk as Buffer;
    if (bytes === 0) bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
    bytes += buffer.length;
    for (const byte of buffer) if (byte === 0x0a) lines += 1;
  }
  return { lines, bytes, bom };
}
