import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { isParseArgsError } from '../../../local/command-line';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function run(script: string, args: readonly string[], env: Record<string, string> = {}) {
  return spawnSync(TSX, [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_NO_WARNINGS: '1' },
    encoding: 'utf8',
  });
}

// Each case starts tsx processes (1–2 s each, more on a loaded 2-core machine): well beyond the unit default.
describe('local commands given a command line that does not fit', { timeout: 60_000 }, () => {
  it("tells Node's own command-line errors from others", () => {
    const unknown = (() => {
      try {
        parseArgs({ args: ['--nope'], options: {} });
      } catch (error) {
        return error;
      }
    })();
    expect(isParseArgsError(unknown)).toBe(true);
    expect(isParseArgsError(new Error('boom'))).toBe(false);
    expect(isParseArgsError('ERR_PARSE_ARGS')).toBe(false);
  });

  it('npm run local:reset with an unknown flag says so, exits 2, and removes nothing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'portico-reset-'));
    folders.push(folder);
    writeFileSync(join(folder, 'stack.json'), '{}\n');

    const refused = run('local/reset.ts', ['--data-dri', folder], { PORTICO_DATA_DIR: folder });

    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("Unknown option '--data-dri'");
    expect(refused.stderr).toContain('usage: npm run local:reset');
    expect(refused.stderr).not.toContain('    at ');
    expect(existsSync(join(folder, 'stack.json'))).toBe(true);

    const reset = run('local/reset.ts', ['--data-dir', folder]);
    expect(reset.status).toBe(0);
    expect(existsSync(folder)).toBe(false);
  });

  it('npm start and npm run import with an unknown flag say so and exit 2', () => {
    for (const script of ['local/start.ts', 'local/import.ts']) {
      const refused = run(script, ['--bogus']);

      expect(refused.status, script).toBe(2);
      expect(refused.stderr).toContain("Unknown option '--bogus'");
      expect(refused.stderr).toMatch(/usage: npm (start|run import)/);
      expect(refused.stderr).not.toContain('    at ');
    }
  });
});
