// Prints vitest's JSON report as one plain line, "tests: N passed, N failed, N skipped", for CI logs.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test/.artifacts/vitest-results.json';
const report = JSON.parse(readFileSync(file, 'utf8')) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
};
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
process.exit(report.numFailedTests === 0 && report.numPassedTests > 0 ? 0 : 1);
