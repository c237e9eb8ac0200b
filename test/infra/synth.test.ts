import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { PROJECT_ROOT } from '../../lib/portico-function';
import { CATALOG_LOCALES, catalogAreasOf } from '../../lib/bundling-options';
import { filesUnder } from '../../local/source-fingerprint';

const run = promisify(execFile);

/**
 * A directory to put first on the CLI's PATH, holding an `npx` that runs `npx --no-install esbuild …` as
 * node_modules/.bin/esbuild directly and hands every other call to npm's own npx. NodejsFunction bundles each
 * function with `npx --no-install esbuild <entry> …` (aws-cdk-lib's PackageManager for a package-lock.json), and
 * npx boots npm's CLI only to find that very binary: ~0.75 s of CPU per call against 0.02 s (measured
 * 2026-12-07), one call per function (64). Same binary, same arguments, same bundles; the app's own
 * `npx tsx` is npm's npx (docs/performance.md, "The synth test").
 */
function directEsbuildNpx(directory: string): string {
  const npx = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((entry) => path.join(entry, 'npx'))
    .find((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  if (!npx) throw new Error('npx is not on the PATH');
  const esbuild = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'esbuild');
  const quoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  writeFileSync(
    path.join(directory, 'npx'),
    [
      '#!/bin/sh',
      'if [ "$1" = "--no-install" ] && [ "$2" = "esbuild" ]; then',
      '  shift 2',
      `  exec ${quoted(esbuild)} "$@"`,
      'fi',
      `exec ${quoted(npx)} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return directory;
}

/**
 * A cloud assembly that `npx cdk synth` wrote from this very tree, when the run has one: `.ci/run` synthesizes
 * exactly as a user does just before `npm test` and names its `cdk.out` here, so that CI checks that assembly
 * instead of synthesizing the same tree a second time (~1.5–2 min of a 2-core run). Without it the test
 * synthesizes on its own, as below.
 */
const SYNTHESIZED_ASSEMBLY = process.env.PORTICO_SYNTHESIZED_ASSEMBLY;

/** What the assembly is made from: an assembly older than any of it is another tree's. */
const ASSEMBLY_SOURCES = [
  'bin',
  'lib',
  'functions',
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
  'cdk.json',
  'package.json',
  'package-lock.json',
];

/** The assembly named by PORTICO_SYNTHESIZED_ASSEMBLY, refused when a source changed after it was written. */
function givenAssembly(directory: string): string {
  const outdir = path.resolve(PROJECT_ROOT, directory);
  const manifest = path.join(outdir, 'manifest.json');
  if (!existsSync(manifest)) {
    throw new Error(`PORTICO_SYNTHESIZED_ASSEMBLY=${directory} holds no cloud assembly (no manifest.json)`);
  }
  const written = statSync(manifest).mtimeMs;
  const newer = ASSEMBLY_SOURCES.flatMap((entry) => filesUnder(path.join(PROJECT_ROOT, entry))).filter(
    (file) => statSync(file).mtimeMs > written,
  );
  if (newer.length > 0) {
    throw new Error(
      `PORTICO_SYNTHESIZED_ASSEMBLY=${directory} is older than ${path.relative(PROJECT_ROOT, String(newer[0]))}` +
        ` (and ${newer.length - 1} more): run npx cdk synth again, or unset it`,
    );
  }
  return outdir;
}

/**
 * The real thing, once: `cdk synth -q` through cdk.json and bin/portico.ts, offline, bundling every handler with
 * the local esbuild (no Docker) and with cdk-nag active. Any unacknowledged finding makes it exit non-zero.
 */
describe('cdk synth', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const directory of made) rmSync(directory, { recursive: true, force: true });
  });

  /** A fresh synthesis into a folder of the test's own. */
  async function synthesize(): Promise<string> {
    const outdir = mkdtempSync(path.join(tmpdir(), 'portico-synth-'));
    const bin = mkdtempSync(path.join(tmpdir(), 'portico-synth-bin-'));
    made.push(outdir, bin);
    const cli = path.join(PROJECT_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

    await run(process.execPath, [cli, 'synth', '--quiet', '--no-notices', '--output', outdir], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        PATH: [directEsbuildNpx(bin), process.env.PATH].join(path.delimiter),
      },
      // Every handler's esbuild bundle (69 functions), one more esbuild run per function for its run-time
      // catalogs (since 2026-12-07), and the web client's Vite build, on a 2-core machine shared with the other
      // projects without a stack: 145 s were measured on 2026-12-06 before the invitations' five functions. On
      // 2026-12-07 the catalogs took 0.4–0.5 s a function (one esbuild run, against 3 s for its bundle), and
      // whole runs at load average 9–12 did not finish in 270 s nor in 420 s (the bundling was at its last
      // functions); one took 334 s at load average 10, and 64 s at load average 4 with the direct esbuild above.
      // A guard against a hang, not a performance claim (those are npm run bench -- bundles).
      timeout: 600_000,
    });
    return outdir;
  }

  it('exits 0 with no validation findings, bundles each handler as minified ESM and builds the web client', async () => {
    const outdir = SYNTHESIZED_ASSEMBLY ? givenAssembly(SYNTHESIZED_ASSEMBLY) : await synthesize();

    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);

    // Every function (one per route; the review, jobs, export, email-feedback and identity-reconciliation
    // functions) has its own bundle.
    // The parent template and those of its nested stacks (the route functions, by area: lib/api.ts).
    const templateFiles = readdirSync(outdir).filter((name) => name.endsWith('.template.json'));
    expect(templateFiles).toContain('Portico.template.json');
    expect(templateFiles.filter((name) => name.endsWith('.nested.template.json'))).toHaveLength(3);
    const resources = Object.assign(
      {},
      ...templateFiles.map(
        (name) =>
          (
            JSON.parse(readFileSync(path.join(outdir, name), 'utf8')) as {
              Resources: Record<string, { Type: string; Metadata?: Record<string, unknown> }>;
            }
          ).Resources,
      ),
    ) as Record<string, { Type: string; Metadata?: Record<string, unknown> }>;
    // aws-cdk-lib's BucketDeployment provider (lib/web-client.ts) is not one of them.
    const functions = Object.entries(resources)
      .filter(
        ([logicalId, resource]) =>
          resource.Type === 'AWS::Lambda::Function' && !logicalId.startsWith('CustomCDKBucketDeployment'),
      )
      .map(([, resource]) => resource);
    // One per route, plus the review, jobs, email feedback, export, reconciliation and pre-token-generation ones.
    expect(functions).toHaveLength(routeList.length + 6);
    const assets = functions.map((fn) => String(fn.Metadata?.['aws:asset:path']));
    expect(new Set(assets).size).toBe(functions.length);
    const assetDirectories = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    expect(assetDirectories).toEqual(expect.arrayContaining(assets));

    // The web client, built by Vite at synthesis: one asset with index.html and its hashed scripts.
    const web = assetDirectories.filter((name) => existsSync(path.join(outdir, name, 'index.html')));
    expect(web).toHaveLength(1);
    const indexHtml = readFileSync(path.join(outdir, String(web[0]), 'index.html'), 'utf8');
    expect(indexHtml).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
    for (const asset of assets) {
      const code = readFileSync(path.join(outdir, asset, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire as __porticoCreateRequire } from 'node:module';")).toBe(
        true,
      );
      expect(code).toContain('const require = __porticoCreateRequire(import.meta.url);');
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      // Minified: a few long lines, not one line per statement.
      expect(code.split('\n').length).toBeLessThan(1_000);

      // English only in the bundle; French, German and Japanese of each area it uses beside it, built by the
      // afterBundling hook (lib/bundling-options.ts), read at run time (functions/core/i18n/catalogs.ts).
      expect(code).not.toContain('Introuvable');
      const areas = catalogAreasOf(code);
      const shipped = existsSync(path.join(outdir, asset, 'messages'))
        ? readdirSync(path.join(outdir, asset, 'messages'), { recursive: true, encoding: 'utf8' })
            .filter((file) => file.endsWith('.mjs'))
            .sort()
        : [];
      expect(shipped, asset).toEqual(
        areas.flatMap((area) => CATALOG_LOCALES.map((locale) => path.join(area, `${locale}.mjs`))).sort(),
      );
    }
    // Every API function formats problems: each has the HTTP layer's words, self-contained and in UTF-8.
    const withProblems = assets.filter((asset) =>
      existsSync(path.join(outdir, asset, 'messages/http/messages/ja.mjs')),
    );
    expect(withProblems.length).toBeGreaterThanOrEqual(routeList.length);
    const catalog = path.join(outdir, String(withProblems[0]), 'messages/http/messages/ja.mjs');
    const japanese = readFileSync(catalog, 'utf8');
    expect(japanese).toContain('見つかりません');
    expect(japanese).not.toMatch(/from\s*["']@messageformat/);
  }, 630_000);
});
