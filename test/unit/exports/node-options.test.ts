import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXPORT_FUNCTION_NODE_OPTIONS } from '../../../functions/exports/export-workflow.contract';

/**
 * The export function's NODE_OPTIONS (lib/export-workflow.ts sets them on Lambda): Node.js refuses to start at
 * all with an option NODE_OPTIONS does not allow, so they are tried on a real `node` here, and what V8 makes
 * of them is checked.
 */
describe('the export function NODE_OPTIONS', () => {
  it('start Node.js and size V8 within the function memory', () => {
    const output = execFileSync(
      process.execPath,
      ['-e', "process.stdout.write(JSON.stringify(require('node:v8').getHeapStatistics()))"],
      { env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: EXPORT_FUNCTION_NODE_OPTIONS }, encoding: 'utf8' },
    );
    const { heap_size_limit: limit } = JSON.parse(output) as { heap_size_limit: number };
    const mb = limit / 2 ** 20;
    // The old space named (768 MB) plus the young generation capped (a few MB): well within 1,024 MB.
    expect(mb).toBeGreaterThan(768);
    expect(mb).toBeLessThan(800);
  });

  it('cap the young generation and name the old space (so Lambda adds no heap sizes of its own)', () => {
    expect(EXPORT_FUNCTION_NODE_OPTIONS.split(' ').sort()).toEqual([
      '--max-old-space-size=768',
      '--max-semi-space-size=1',
    ]);
  });
});
