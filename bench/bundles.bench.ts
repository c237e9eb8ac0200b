import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { PROJECT_ROOT } from '../lib/bundling-options';
import type { DeployedFunctionEnvironment } from '../lib/portico-function';
import { LOGGING_ENVIRONMENT } from '../lib/portico-function';
import {
  bundleFunctions,
  CATALOGS_LIMIT_BYTES,
  type FunctionBundle,
  OVERHEAD_LIMIT_BYTES,
  TRANSLATIONS_LIMIT_BYTES,
  stackFunctions,
  writeBudgets,
} from './support/bundling';
import { percentile, ratio, round } from './support/stats';
import { BENCH_REGION, type BenchSuite, positive, printTable } from './support/suite';

/**
 * `npm run bench -- bundles`: every Lambda function of the stack bundled as NodejsFunction bundles it
 * (lib/bundling-options.ts), against its floor: one client of each AWS SDK package the bundle holds and nothing
 * else. Prints bundle, floor and overhead (target ≤ 100 KB) with the origins of the overhead, the English words
 * in the bundle, and the run-time catalogs shipped beside it (fr/de/ja, not in the bundle's bytes): all of them,
 * and the most one language loads.
 * `BUNDLE_BUDGETS_UPDATE=1` also rewrites test/infra/bundle-budgets.json from the figures.
 *
 * `npm run bench -- coldstart`: module initialization of each bundle in a fresh Node.js process, against its
 * floor, runs taking turns (target: ≤ 1.2× the floor). See bench/README.md.
 */

const KB = 1024;
const kb = (bytes: number) => round(bytes / KB, 1);

export const bundlesBench: BenchSuite = {
  name: 'bundles',
  description: 'bundle bytes of every Lambda function over its AWS SDK floor (target ≤ 100 KB overhead)',
  run: runBundles,
};

export const coldStartBench: BenchSuite = {
  name: 'coldstart',
  description: 'module initialization of every Lambda bundle in a fresh node, vs its floor (target ≤ 1.2×)',
  run: runColdStart,
};

async function runBundles(): Promise<Record<string, unknown>> {
  const functions = stackFunctions();
  console.log(`Bundling ${functions.length} functions and their floors with esbuild …`);
  const started = performance.now();
  const bundles = await bundleFunctions(functions);
  const seconds = round((performance.now() - started) / 1000, 1);
  const topLevelAwait = topLevelAwaits(bundles);

  const rows = [
    [
      'function',
      'SDK clients',
      'bundle KB',
      'floor KB',
      'overhead KB',
      'translations KB',
      'catalogs KB',
      'one language KB',
    ],
  ];
  for (const one of bundles) {
    rows.push([
      one.fn.id,
      sdkLabel(one),
      kb(one.bundle.bytes).toFixed(1),
      kb(one.floor.bytes).toFixed(1),
      kb(one.overheadBytes).toFixed(1),
      kb(one.translationBytes).toFixed(1),
      kb(one.catalogBytes).toFixed(1),
      kb(one.catalogLocaleBytes).toFixed(1),
    ]);
  }
  printTable(rows);
  console.log('\nWhat the overhead is made of (KB over the floor, largest first):');
  for (const one of bundles) {
    const top = one.contributors
      .slice(0, 6)
      .map((contributor) => `${contributor.origin} ${kb(contributor.bytes)}`);
    console.log(`  ${one.fn.id.padEnd(26)} ${top.join(', ')}`);
  }
  const missing = bundles.filter((one) => one.overheadBytes > OVERHEAD_LIMIT_BYTES);
  console.log(
    `\n${bundles.length - missing.length} of ${bundles.length} functions within ${OVERHEAD_LIMIT_BYTES / KB} KB ` +
      `of their floor; bundled in ${seconds} s. Top-level await in our modules: ${
        topLevelAwait.length === 0 ? 'none' : topLevelAwait.join(', ')
      }.`,
  );
  if (process.env.BUNDLE_BUDGETS_UPDATE === '1') {
    const file = writeBudgets(bundles);
    console.log(`Wrote ${path.relative(PROJECT_ROOT, file)} (BUNDLE_BUDGETS_UPDATE=1)`);
  }
  return {
    bundler: 'esbuild, the options of lib/bundling-options.ts (as NodejsFunction bundles)',
    overheadLimitKb: OVERHEAD_LIMIT_BYTES / KB,
    translationsLimitKb: TRANSLATIONS_LIMIT_BYTES / KB,
    catalogsLimitKb: CATALOGS_LIMIT_BYTES / KB,
    withinLimit: bundles.length - missing.length,
    functionCount: bundles.length,
    bundleSeconds: seconds,
    topLevelAwait,
    functions: Object.fromEntries(
      bundles.map((one) => [
        one.fn.id,
        {
          entry: one.fn.entry,
          sdkPackages: one.bundle.sdkPackages,
          bundleBytes: one.bundle.bytes,
          floorBytes: one.floor.bytes,
          overheadBytes: one.overheadBytes,
          overheadKb: kb(one.overheadBytes),
          translationBytes: one.translationBytes,
          catalogBytes: one.catalogBytes,
          catalogLocaleBytes: one.catalogLocaleBytes,
          catalogs: Object.fromEntries(one.catalogs.map((catalog) => [catalog.area, catalog.bytes])),
          contributorsKb: Object.fromEntries(
            one.contributors.slice(0, 10).map((contributor) => [contributor.origin, kb(contributor.bytes)]),
          ),
        },
      ]),
    ),
  };
}

function sdkLabel(one: FunctionBundle): string {
  return one.bundle.sdkPackages
    .map((name) => name.replace('@aws-sdk/client-', '').replace('@aws-sdk/lib-', 'lib-'))
    .join('+');
}

/** Our modules in any bundle that await at the top level (work every cold start would wait for). */
function topLevelAwaits(bundles: readonly FunctionBundle[]): string[] {
  const modules = [...new Set(bundles.flatMap((one) => one.bundle.ownModules))].filter((file) =>
    /\.[cm]?[jt]s$/.test(file),
  );
  return modules.filter((file) => {
    const source = ts.createSourceFile(
      file,
      readFileSync(path.join(PROJECT_ROOT, file), 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) found = true;
      else ts.forEachChild(node, visit);
    };
    ts.forEachChild(source, visit);
    return found;
  });
}

/** The settings a deployed function reads at cold start, with dummy values: nothing here is ever called. */
const COLD_START_ENVIRONMENT: DeployedFunctionEnvironment &
  typeof LOGGING_ENVIRONMENT &
  Record<string, string> = {
  TABLE_NAME: 'portico-bench',
  USER_POOL_ID: `${BENCH_REGION}_bench`,
  USER_POOL_CLIENT_ID: 'client',
  MAIL_FROM_ADDRESS: 'no-reply@portico.example',
  PORTAL_URL: 'http://localhost:5173',
  CODE_SECRET_ARN: `arn:aws:secretsmanager:${BENCH_REGION}:111111111111:secret:portico-code-bench`,
  REVIEWER_EMAIL: 'reviewers@portico.example',
  REVIEW_BUSINESS_DAYS: '2',
  REVIEW_STATE_MACHINE_ARN: `arn:aws:states:${BENCH_REGION}:111111111111:stateMachine:portico-review-bench`,
  ...LOGGING_ENVIRONMENT,
  AWS_REGION: BENCH_REGION,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'portico-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  // Lambda runs Node.js 22; on an older local node the SDK would print a support warning as clients are made.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Runs in a fresh `node`: refuses any network use (sockets, DNS) so an import that calls out fails loudly, then
 * times `await import(bundle)` and prints the milliseconds and what was refused.
 */
const IMPORT_TIMER = `
import dns from 'node:dns';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';
const refused = [];
const refuse = (what) => function () { refused.push(what); throw new Error('network use at import: ' + what); };
net.Socket.prototype.connect = refuse('socket connect');
dns.lookup = refuse('dns.lookup');
dns.resolve = refuse('dns.resolve');
dns.promises.lookup = refuse('dns.promises.lookup');
syncBuiltinESMExports();
const started = performance.now();
const module = await import(process.argv[1]);
const ms = performance.now() - started;
if (typeof module.handler !== 'function') throw new Error('the bundle exports no handler');
await new Promise((resolve) => setTimeout(resolve, 20));
process.stdout.write(JSON.stringify({ ms, refused }));
`;

async function timeImport(file: string): Promise<{ ms: number; refused: string[] }> {
  const environment = {
    PATH: process.env.PATH ?? '',
    HOME: os.tmpdir(),
    ...COLD_START_ENVIRONMENT,
  };
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(file).href],
    { env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`importing ${file} failed (exit ${code}): ${stderr.trim()}`);
  return JSON.parse(stdout) as { ms: number; refused: string[] };
}

interface ColdStartFigures {
  readonly runs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
}

function figures(samples: readonly number[]): ColdStartFigures {
  return {
    runs: samples.length,
    medianMs: round(percentile(samples, 50), 2),
    p90Ms: round(percentile(samples, 90), 2),
  };
}

async function runColdStart(): Promise<Record<string, unknown>> {
  const runs = positive('BENCH_COLD_RUNS', 15);
  const loadBefore = os.loadavg();
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'portico-coldstart-'));
  try {
    const functions = stackFunctions();
    console.log(`Bundling ${functions.length} functions and their floors into ${outdir} …`);
    const bundles = await bundleFunctions(functions, outdir);
    console.log(
      `Importing each bundle and its floor in a fresh node, ${runs} runs each, function and floor taking ` +
        'turns (the first of the pair alternates) …',
    );
    const samples = new Map(bundles.map((one) => [one.fn.id, { fn: [] as number[], floor: [] as number[] }]));
    const refused = new Set<string>();
    for (let run = 0; run < runs; run++) {
      for (const one of bundles) {
        const files = one.files;
        const own = samples.get(one.fn.id);
        if (!files || !own) throw new Error(`no bundle files for ${one.fn.id}`);
        const order = run % 2 === 0 ? (['fn', 'floor'] as const) : (['floor', 'fn'] as const);
        for (const which of order) {
          const result = await timeImport(which === 'fn' ? files.bundle : files.floor);
          for (const what of result.refused)
            refused.add(`${one.fn.id}${which === 'floor' ? ' floor' : ''}: ${what}`);
          own[which].push(result.ms);
        }
      }
      process.stdout.write(`\r  run ${run + 1} of ${runs}`);
    }
    process.stdout.write('\n');
    const loadAfter = os.loadavg();

    const results = bundles.map((one) => {
      const own = samples.get(one.fn.id) ?? { fn: [], floor: [] };
      const fn = figures(own.fn);
      const floor = figures(own.floor);
      return {
        id: one.fn.id,
        bundleKb: kb(one.bundle.bytes),
        floorKb: kb(one.floor.bytes),
        overheadKb: kb(one.overheadBytes),
        function: fn,
        floor,
        ratioMedian: ratio(fn.medianMs, floor.medianMs),
        ratioP90: ratio(fn.p90Ms, floor.p90Ms),
      };
    });
    const rows = [
      [
        'function',
        'bundle KB',
        'floor KB',
        'overhead KB',
        'fn p50 ms',
        'fn p90 ms',
        'floor p50',
        'floor p90',
        'ratio p50',
        'ratio p90',
      ],
    ];
    for (const r of results) {
      rows.push([
        r.id,
        r.bundleKb.toFixed(1),
        r.floorKb.toFixed(1),
        r.overheadKb.toFixed(1),
        r.function.medianMs.toFixed(1),
        r.function.p90Ms.toFixed(1),
        r.floor.medianMs.toFixed(1),
        r.floor.p90Ms.toFixed(1),
        `×${r.ratioMedian.toFixed(2)}`,
        `×${r.ratioP90.toFixed(2)}`,
      ]);
    }
    printTable(rows);
    const within = results.filter((r) => r.ratioMedian <= 1.2).length;
    console.log(
      `\n${within} of ${results.length} functions initialize within 1.2× their floor (median). Network use at ` +
        `import: ${refused.size === 0 ? 'none' : [...refused].join('; ')}. Load average ` +
        `${loadBefore.map((load) => load.toFixed(1)).join(' ')} before, ${loadAfter.map((load) => load.toFixed(1)).join(' ')} after.`,
    );
    return {
      method: `node ${process.version}, fresh process per import, ${runs} runs each, function and floor alternating`,
      targetRatio: 1.2,
      withinTarget: within,
      functionCount: results.length,
      networkAtImport: [...refused],
      loadAverage: {
        before: loadBefore.map((load) => round(load, 2)),
        after: loadAfter.map((load) => round(load, 2)),
      },
      functions: Object.fromEntries(results.map(({ id, ...rest }) => [id, rest])),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
