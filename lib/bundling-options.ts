import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { BUNDLED_CATALOGS_FOLDER, CATALOG_AREAS, type CatalogArea } from '../functions/core/i18n/catalogs';
import { DEFAULT_LOCALE, LOCALES } from '../functions/core/i18n/locale';

/** Repository root: route handler paths are relative to it, and esbuild resolves dependencies from it. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * ESM bundles have no `require`, but bundled CommonJS dependencies may still call it for Node built-ins. The
 * alias keeps the banner's import from clashing with a bundled `createRequire`.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __porticoCreateRequire } from 'node:module'; const require = __porticoCreateRequire(import.meta.url);";

/**
 * How every function is bundled: an ESM bundle for Node.js 22 with the AWS SDK inside, minified, without a
 * source map, and beside it the French, German and Japanese words of the message areas it uses (the run-time
 * catalogs, `messages/<area>/<locale>.mjs`: functions/core/i18n/catalogs.ts, docs/languages.md). PorticoFunction
 * hands it to NodejsFunction; `esbuildOptions` and `catalogBuildOptions` turn it into the options esbuild gets,
 * so the bundle bench and the size budget test (test/infra/bundle-budget.test.ts) measure what ships.
 */
export const FUNCTION_BUNDLING = {
  minify: true,
  bundleAwsSDK: true,
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  sourceMap: false,
  // Tells the catalog loader it runs from a bundle: its catalogs are in this folder beside index.mjs.
  define: { 'process.env.PORTICO_CATALOGS': JSON.stringify(BUNDLED_CATALOGS_FOLDER) },
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => catalogCommands(inputDir, outputDir),
  },
} as const satisfies BundlingOptions;

/** The locales of the run-time catalogs: every one but English, which each bundle holds. */
export const CATALOG_LOCALES = LOCALES.filter((locale) => locale !== DEFAULT_LOCALE);

/**
 * The message areas a bundle formats: those whose name it registers (`catalogArea('http/messages')` keeps the
 * literal in the minified code). Only these are shipped beside it.
 */
export function catalogAreasOf(bundleText: string): CatalogArea[] {
  return CATALOG_AREAS.filter((area) => bundleText.includes(`"${area}"`));
}

/**
 * How catalogs are built: each locale's compiled module of each area (functions/<area>/compiled/<locale>.js) as
 * a self-contained minified ESM file, `<outputDir>/messages/<area>/<locale>.mjs`, in UTF-8 (Japanese is a third
 * of its size escaped). `inputDir` is the repository root (CDK's `/asset-input` in Docker).
 */
export function catalogBuildOptions(
  areas: readonly CatalogArea[],
  outputDir: string,
  inputDir: string = PROJECT_ROOT,
): BuildOptions & { outdir: string; entryPoints: Record<string, string> } {
  return {
    absWorkingDir: inputDir,
    entryPoints: Object.fromEntries(
      areas.flatMap((area) =>
        CATALOG_LOCALES.map((locale) => [
          `${area}/${locale}`,
          path.posix.join(inputDir, 'functions', area, 'compiled', `${locale}.js`),
        ]),
      ),
    ),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: FUNCTION_BUNDLING.target,
    minify: true,
    charset: 'utf8',
    outdir: path.posix.join(outputDir, BUNDLED_CATALOGS_FOLDER),
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  };
}

function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * catalogBuildOptions as the shell command NodejsFunction's afterBundling hook runs (bash, in the repository
 * root; POSIX sh in Docker, with its paths): the entries of each area whose name the bundle registers, then one
 * esbuild run for them all (none when the bundle formats no words).
 */
export function catalogCommands(inputDir: string, outputDir: string): string[] {
  const esbuild = path.posix.join(inputDir, 'node_modules', '.bin', 'esbuild');
  const bundle = path.posix.join(outputDir, 'index.mjs');
  const options = catalogBuildOptions([], outputDir, inputDir);
  const flags = [
    '--bundle',
    `--platform=${options.platform}`,
    `--format=${options.format}`,
    `--target=${options.target}`,
    '--minify',
    `--charset=${options.charset}`,
    `--outdir=${options.outdir}`,
    '--out-extension:.js=.mjs',
    `--log-level=${options.logLevel}`,
  ];
  const collect = CATALOG_AREAS.map((area) => {
    const entries = Object.entries(catalogBuildOptions([area], outputDir, inputDir).entryPoints).map(
      ([name, file]) => shellQuoted(`${name}=${file}`),
    );
    return `if grep -qF ${shellQuoted(`"${area}"`)} ${shellQuoted(bundle)}; then set -- "$@" ${entries.join(' ')}; fi`;
  });
  return [
    [
      'set --',
      ...collect,
      `if [ $# -gt 0 ]; then ${[esbuild, ...flags].map(shellQuoted).join(' ')} "$@"; fi`,
    ].join('; '),
  ];
}

/**
 * The esbuild options NodejsFunction (aws-cdk-lib 2.x, `Bundling.buildEsbuildArgs`) derives from
 * FUNCTION_BUNDLING for `entry` (relative to the repository root): `esbuild --bundle <entry> --target=node22
 * --platform=node --format=esm --minify --banner:js=… --main-fields=module,main`, run in the repository root,
 * with no `--external` because the AWS SDK is bundled. `outfile` names the output (CDK writes `index.mjs`).
 */
export function esbuildOptions(entry: string, outfile: string): BuildOptions & { outfile: string } {
  const bundling: BundlingOptions = FUNCTION_BUNDLING;
  if (bundling.sourceMap || bundling.sourceMapMode || bundling.externalModules || bundling.esbuildArgs) {
    throw new Error('esbuildOptions does not translate source maps, externalModules or esbuildArgs yet');
  }
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [path.resolve(PROJECT_ROOT, entry)],
    bundle: true,
    target: FUNCTION_BUNDLING.target,
    platform: 'node',
    format: FUNCTION_BUNDLING.format === OutputFormat.ESM ? 'esm' : 'cjs',
    outfile,
    minify: FUNCTION_BUNDLING.minify,
    // Without bundleAwsSDK, CDK would mark '@aws-sdk/*' (and '@smithy/*') external.
    external: FUNCTION_BUNDLING.bundleAwsSDK ? [] : ['@aws-sdk/*', '@smithy/*'],
    banner: { js: FUNCTION_BUNDLING.banner },
    define: { ...FUNCTION_BUNDLING.define },
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    logLevel: 'silent',
  };
}
