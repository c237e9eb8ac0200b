import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { PROJECT_ROOT } from '../../lib/portico-function';

const run = promisify(execFile);

/**
 * The real thing, once: `cdk synth -q` through cdk.json and bin/portico.ts, offline, bundling every handler with
 * the local esbuild (no Docker) and with cdk-nag active. Any unacknowledged finding makes it exit non-zero.
 */
describe('cdk synth', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'portico-synth-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('exits 0 with no validation findings and bundles each handler as minified ESM', async () => {
    const cli = path.join(PROJECT_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

    await run(process.execPath, [cli, 'synth', '--quiet', '--no-notices', '--output', outdir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      timeout: 90_000,
    });

    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);

    // Every function (one per route, the review function, the jobs function) has its own bundle.
    const template = JSON.parse(readFileSync(path.join(outdir, 'Portico.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }>;
    };
    const functions = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    );
    expect(functions).toHaveLength(routeList.length + 2);
    const assets = functions.map((fn) => String(fn.Metadata?.['aws:asset:path']));
    expect(new Set(assets).size).toBe(functions.length);
    expect(
      readdirSync(outdir)
        .filter((name) => name.startsWith('asset.'))
        .sort(),
    ).toEqual([...assets].sort());
    for (const asset of assets) {
      const code = readFileSync(path.join(outdir, asset, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire as __porticoCreateRequire } from 'node:module';")).toBe(
        true,
      );
      expect(code).toContain('const require = __porticoCreateRequire(import.meta.url);');
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      // Minified: a few long lines, not one line per statement.
      expect(code.split('\n').length).toBeLessThan(1_000);
    }
  }, 120_000);
});
