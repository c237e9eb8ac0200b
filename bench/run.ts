import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadBench } from './load.bench';
import { round } from './support/stats';
import { type BenchSuite, useLocalCredentials } from './support/suite';
import { bundlesBench, coldStartBench } from './bundles.bench';
import { costBench } from './cost.bench';
import { scaleBench } from './scale.bench';
import { exportsBench, summaryBench } from './summary.bench';

/**
 * `npm run bench [-- <suite> …]`: runs the named suites (all of them when none is named) one after another,
 * prints their tables and writes bench/results.json. A suite that is not run keeps its figures from the last
 * run, so one suite can be measured again without the others. `npm run bench -- --list` names the suites.
 */

const SUITES: readonly BenchSuite[] = [
  summaryBench,
  exportsBench,
  costBench,
  scaleBench,
  loadBench,
  bundlesBench,
  coldStartBench,
];
const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  if (names.includes('--list')) {
    for (const suite of SUITES) console.log(`${suite.name.padEnd(12)} ${suite.description}`);
    return;
  }
  const unknown = names.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `No such bench suite: ${unknown.join(', ')} (have ${SUITES.map((s) => s.name).join(', ')})`,
    );
  }
  const chosen = names.length === 0 ? SUITES : SUITES.filter((suite) => names.includes(suite.name));
  useLocalCredentials();

  const results: Record<string, unknown> = {
    ...previousSuites(),
    generatedAt: new Date().toISOString(),
    machine: machine(),
  };
  for (const suite of chosen) {
    console.log(`\n══ ${suite.name}: ${suite.description}\n`);
    results[suite.name] = { measuredAt: new Date().toISOString(), ...(await suite.run()) };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  }
  console.log(`\nWrote ${RESULTS_FILE}`);
}

/** The suites of the last run, so that running one suite leaves the others' figures in place. */
function previousSuites(): Record<string, unknown> {
  if (!existsSync(RESULTS_FILE)) return {};
  try {
    const previous = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
    return Object.fromEntries(
      SUITES.filter((suite) => suite.name in previous).map((suite) => [suite.name, previous[suite.name]]),
    );
  } catch {
    return {};
  }
}

function machine(): Record<string, unknown> {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    platform: `${os.platform()} ${os.arch()}`,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    loadAverage: os.loadavg().map((load) => round(load, 2)),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
