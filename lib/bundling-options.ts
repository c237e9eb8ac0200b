import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

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
 * source map. PorticoFunction hands it to NodejsFunction; `esbuildOptions` turns it into the options esbuild
 * gets, so the bundle bench and the size budget test (test/infra/bundle-budget.test.ts) measure what ships.
 */
export const FUNCTION_BUNDLING = {
  minify: true,
  bundleAwsSDK: true,
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  sourceMap: false,
} as const satisfies BundlingOptions;

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
    mainFields: [...FUNCTION_BUNDLING.mainFields],
    logLevel: 'silent',
  };
}
