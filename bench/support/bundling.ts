import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import {
  CATALOG_LOCALES,
  catalogAreasOf,
  catalogBuildOptions,
  esbuildOptions,
  PROJECT_ROOT,
} from '../../lib/bundling-options';
import type { CatalogArea } from '../../functions/core/i18n/catalogs';
import { buildPorticoApp } from '../../lib/portico-app';
import { PorticoFunction } from '../../lib/portico-function';

/**
 * Bundles every Lambda function of the stack as NodejsFunction does (lib/bundling-options.ts), and beside each
 * one its floor: an entry that only makes one client of each AWS SDK package the function's bundle contains.
 * The difference is what the function's own code and libraries add. Used by `npm run bench -- bundles` and by
 * the size budget test (test/infra/bundle-budget.test.ts).
 */

/** The most a function's bundle may add to its floor (issue 6), translations apart (below). */
export const OVERHEAD_LIMIT_BYTES = 100 * 1024;

/**
 * The words in a bundle have their own limit instead: the compiled ICU messages (`messages/compiled` of each
 * area, and functions/core/i18n/<area>/compiled), English only since the other languages are loaded at run time
 * (issue 17, docs/languages.md). Code growth stays under OVERHEAD_LIMIT_BYTES whatever the words weigh. History:
 * 48 KB; 64 KB from 2026-12-06 (all four languages in every bundle reached 81 KB in confirmEmailChange) with six
 * named exceptions; 24 KB from 2026-12-07, when fr/de/ja left the bundles and zod's locales were replaced by
 * Portico's error map: the most English any function carries is 17.5 KB (confirmEmailChange; docs/languages.md).
 */
export const TRANSLATIONS_LIMIT_BYTES = 24 * 1024;

/**
 * The run-time catalogs shipped beside a bundle (lib/bundling-options.ts) are measured apart, and limited by
 * what one language loads at most (every area the function uses, in its heaviest locale): what a cold request in
 * that language reads and evaluates (about 4 ms, once per container and language). 2026-12-07: 40.8 KB at most
 * (Japanese: the HTTP layer, details, answers and emails of the onboarding functions), so 48 KB.
 */
export const CATALOGS_LIMIT_BYTES = 48 * 1024;

/**
 * The origins (originOf) that hold words: the compiled messages, and what makes them run, the catalog loader and
 * Portico's zod error map (functions/core/i18n/catalogs.ts, functions/core/zod-locale.ts: what zod's English
 * locale was before it, counted here as zod/locales was). zod/locales: none since that map; any is counted.
 */
export const TRANSLATION_ORIGINS: readonly string[] = [
  'messages (compiled ICU)',
  'messages (loader, zod error map)',
  'zod/locales',
];

export interface StackFunction {
  /** Construct id without the `Function` suffix, first letter lower case: the route id for a route function. */
  readonly id: string;
  /** Handler module, relative to the repository root. */
  readonly entry: string;
  /** Construct path in the stack, e.g. `Portico/Api/AccountFunctions/GetAccountFunction` (route functions are in nested stacks). */
  readonly constructPath: string;
}

/**
 * Every function the CDK stack defines, read from the construct tree of the app (built without bundling), so a
 * function added anywhere in lib/ is measured (and needs a budget) without being listed here.
 */
export function stackFunctions(): StackFunction[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'portico-functions-'));
  try {
    const { stack } = buildPorticoApp({ outdir, bundle: false, validate: false });
    // A NodejsFunction made without PorticoFunction would ship with other bundling options, unmeasured.
    const stray = stack.node
      .findAll()
      .filter(
        (construct) =>
          construct instanceof NodejsFunction && !(construct.node.scope instanceof PorticoFunction),
      );
    if (stray.length > 0) {
      throw new Error(`NodejsFunction outside PorticoFunction: ${stray.map((c) => c.node.path).join(', ')}`);
    }
    const functions = stack.node
      .findAll()
      .filter((construct): construct is PorticoFunction => construct instanceof PorticoFunction)
      .map((fn) => ({
        id: lowerFirst(fn.node.id.replace(/Function$/, '')),
        entry: fn.entry,
        constructPath: fn.node.path,
      }));
    const ids = functions.map((fn) => fn.id);
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (repeated.length > 0) throw new Error(`functions share an id: ${repeated.join(', ')}`);
    return functions.sort((a, b) => a.id.localeCompare(b.id));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The client each AWS SDK package is measured with in a floor bundle. lib-dynamodb wraps a DynamoDBClient, as
 * functions/core/adapters/aws-clients.ts does.
 */
const SDK_CLIENTS: Readonly<Record<string, { readonly name: string; readonly create: string }>> = {
  '@aws-sdk/client-dynamodb': { name: 'DynamoDBClient', create: 'new DynamoDBClient({})' },
  '@aws-sdk/lib-dynamodb': {
    name: 'DynamoDBDocumentClient',
    create: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
  },
  '@aws-sdk/client-cognito-identity-provider': {
    name: 'CognitoIdentityProviderClient',
    create: 'new CognitoIdentityProviderClient({})',
  },
  '@aws-sdk/client-sesv2': { name: 'SESv2Client', create: 'new SESv2Client({})' },
  '@aws-sdk/client-secrets-manager': { name: 'SecretsManagerClient', create: 'new SecretsManagerClient({})' },
  '@aws-sdk/client-sfn': { name: 'SFNClient', create: 'new SFNClient({})' },
  '@aws-sdk/client-s3': { name: 'S3Client', create: 'new S3Client({})' },
  // The SDK's S3 helpers work on an S3Client; the floor holds the helper itself (its code is SDK code).
  '@aws-sdk/lib-storage': { name: 'Upload', create: 'Upload' },
  '@aws-sdk/s3-request-presigner': { name: 'getSignedUrl', create: 'getSignedUrl' },
};

/**
 * An SDK package that brings a client or works on one: `@aws-sdk/client-*`, `@aws-sdk/lib-dynamodb`, and the S3
 * helpers `@aws-sdk/lib-storage` (multipart uploads) and `@aws-sdk/s3-request-presigner` (presigned links).
 */
function isClientPackage(name: string): boolean {
  return name.startsWith('@aws-sdk/client-') || name in SDK_CLIENTS;
}

/**
 * The floor entry for a set of SDK packages: it imports them, makes one client of each at module
 * initialization and exports a handler that does nothing else.
 */
export function floorSource(sdkPackages: readonly string[]): string {
  const packages = new Set(sdkPackages);
  // The document client wraps a DynamoDBClient: it needs that package too, but is the one client made.
  const wrapsDynamoDb = packages.has('@aws-sdk/lib-dynamodb');
  if (wrapsDynamoDb) packages.add('@aws-sdk/client-dynamodb');
  const names = [...packages].sort();
  const unknown = names.filter((name) => !SDK_CLIENTS[name]);
  if (unknown.length > 0) {
    throw new Error(
      `no floor client for ${unknown.join(', ')}: add it to SDK_CLIENTS in bench/support/bundling.ts`,
    );
  }
  const created = names
    .filter((name) => !(wrapsDynamoDb && name === '@aws-sdk/client-dynamodb'))
    .map((name) => SDK_CLIENTS[name]?.create);
  return [
    ...names.map((name) => `import { ${SDK_CLIENTS[name]?.name} } from '${name}';`),
    `const clients = [${created.join(', ')}];`,
    'export const handler = async () => clients.length;',
    '',
  ].join('\n');
}

export interface BundleFigures {
  /** Size of the bundle (index.mjs) in bytes. */
  readonly bytes: number;
  /** Bytes in the output by origin: an npm package name, or our own code (`functions/…`). */
  readonly origins: Readonly<Record<string, number>>;
  /** The AWS SDK client packages the bundle contains. */
  readonly sdkPackages: readonly string[];
  /** Our own modules in the bundle (paths relative to the repository root). */
  readonly ownModules: readonly string[];
  /** The bundle's code, when it was kept in memory. */
  readonly text?: string;
}

export interface FunctionBundle {
  readonly fn: StackFunction;
  readonly bundle: BundleFigures;
  readonly floor: BundleFigures;
  /** bundle.bytes − floor.bytes − translationBytes */
  readonly overheadBytes: number;
  /** Bytes of the translations (TRANSLATION_ORIGINS) in the bundle. */
  readonly translationBytes: number;
  /** Bytes each origin adds over the floor, largest first (origins that add nothing are left out). */
  readonly contributors: readonly { readonly origin: string; readonly bytes: number }[];
  /**
   * The run-time catalogs shipped beside the bundle (`messages/<area>/<locale>.mjs`, lib/bundling-options.ts):
   * the areas it uses, each with its bytes per locale. Not in `bundle.bytes`: measured and limited apart.
   */
  readonly catalogs: readonly CatalogFigures[];
  /** All the catalogs shipped beside the bundle, in bytes. */
  readonly catalogBytes: number;
  /** The most one language loads at run time: the largest sum over the areas of one locale's files. */
  readonly catalogLocaleBytes: number;
  /** Where the bundle and its floor were written; undefined when not written. */
  readonly files?: { readonly bundle: string; readonly floor: string };
}

export interface CatalogFigures {
  readonly area: CatalogArea;
  readonly bytes: Readonly<Record<string, number>>;
}

/**
 * Bundles one function and its floor. With `outdir`, writes `<outdir>/<id>/index.mjs` and
 * `<outdir>/<id>.floor/index.mjs` (to be imported by the cold start runs); without, keeps them in memory.
 * `floors` shares in-memory floor builds between functions with the same SDK packages.
 */
export async function bundleFunction(
  fn: StackFunction,
  outdir?: string,
  floors = new Map<string, Promise<BundleFigures>>(),
  catalogBuilds = new Map<CatalogArea, Promise<CatalogFigures>>(),
): Promise<FunctionBundle> {
  const bundleFile = path.join(
    outdir ?? path.join(tmpdir(), 'portico-bundles-in-memory'),
    fn.id,
    'index.mjs',
  );
  const bundle = await runEsbuild(esbuildOptions(fn.entry, bundleFile), outdir !== undefined);
  const floorFile = path.join(`${path.dirname(bundleFile)}.floor`, 'index.mjs');
  const floorKey = bundle.sdkPackages.join(' ');
  const buildFloor = () =>
    runEsbuild(
      {
        ...esbuildOptions(fn.entry, floorFile),
        entryPoints: undefined,
        stdin: {
          contents: floorSource(bundle.sdkPackages),
          resolveDir: PROJECT_ROOT,
          sourcefile: 'floor.mjs',
          loader: 'js',
        },
      },
      outdir !== undefined,
    );
  let floorBuild = outdir === undefined ? floors.get(floorKey) : undefined;
  if (!floorBuild) {
    floorBuild = buildFloor();
    if (outdir === undefined) floors.set(floorKey, floorBuild);
  }
  const floor = await floorBuild;
  const origins = [...new Set([...Object.keys(bundle.origins), ...Object.keys(floor.origins)])];
  const contributors = origins
    .map((origin) => ({ origin, bytes: (bundle.origins[origin] ?? 0) - (floor.origins[origin] ?? 0) }))
    .filter((contributor) => contributor.bytes !== 0)
    .sort((a, b) => b.bytes - a.bytes);
  const text = bundle.text ?? readFileSync(bundleFile, 'utf8');
  const catalogs = await Promise.all(
    catalogAreasOf(text).map((area) => {
      if (outdir !== undefined) return buildCatalogs(area, path.dirname(bundleFile), true);
      let built = catalogBuilds.get(area);
      if (!built) {
        built = buildCatalogs(area, path.join(tmpdir(), 'portico-catalogs-in-memory'), false);
        catalogBuilds.set(area, built);
      }
      return built;
    }),
  );
  const catalogBytes = catalogs.reduce(
    (sum, one) => sum + Object.values(one.bytes).reduce((a, b) => a + b, 0),
    0,
  );
  const catalogLocaleBytes = Math.max(
    0,
    ...CATALOG_LOCALES.map((locale) => catalogs.reduce((sum, one) => sum + (one.bytes[locale] ?? 0), 0)),
  );
  const translationBytes = TRANSLATION_ORIGINS.reduce(
    (sum, origin) => sum + (bundle.origins[origin] ?? 0) - (floor.origins[origin] ?? 0),
    0,
  );
  return {
    fn,
    bundle,
    floor,
    overheadBytes: bundle.bytes - floor.bytes - translationBytes,
    translationBytes,
    contributors,
    catalogs,
    catalogBytes,
    catalogLocaleBytes,
    ...(outdir === undefined ? {} : { files: { bundle: bundleFile, floor: floorFile } }),
  };
}

/** Bundles every function, a few at a time (esbuild itself uses every core); floors are shared in memory. */
export async function bundleFunctions(
  functions: readonly StackFunction[],
  outdir?: string,
  concurrency = 4,
): Promise<FunctionBundle[]> {
  const results: FunctionBundle[] = new Array<FunctionBundle>(functions.length);
  const floors = new Map<string, Promise<BundleFigures>>();
  const catalogBuilds = new Map<CatalogArea, Promise<CatalogFigures>>();
  let next = 0;
  const worker = async () => {
    while (next < functions.length) {
      const index = next++;
      results[index] = await bundleFunction(functions[index] as StackFunction, outdir, floors, catalogBuilds);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, functions.length) }, worker));
  return results;
}

/** Builds one area's catalogs as bundling does (catalogBuildOptions) into `functionDir`, and measures them. */
async function buildCatalogs(
  area: CatalogArea,
  functionDir: string,
  write: boolean,
): Promise<CatalogFigures> {
  const options = catalogBuildOptions([area], functionDir);
  const result = await build({ ...options, metafile: true, write });
  const bytes: Record<string, number> = {};
  for (const [output, { bytes: size }] of Object.entries(result.metafile.outputs)) {
    const locale = path.basename(output, '.mjs');
    bytes[locale] = size;
  }
  return { area, bytes };
}

async function runEsbuild(
  options: BuildOptions & { outfile: string },
  write: boolean,
): Promise<BundleFigures> {
  const result = await build({ ...options, metafile: true, write });
  const output = outputOf(result.metafile, options.outfile);
  const file = write ? undefined : result.outputFiles?.find((one) => one.path === options.outfile);
  const bytes = file?.contents.byteLength ?? output.bytes;
  const origins: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const origin = originOf(input);
    origins[origin] = (origins[origin] ?? 0) + bytesInOutput;
  }
  const inputs = Object.keys(output.inputs).filter((input) => (output.inputs[input]?.bytesInOutput ?? 0) > 0);
  return {
    bytes,
    origins,
    sdkPackages: [
      ...new Set(inputs.map(packageOf).filter((name) => name !== undefined && isClientPackage(name))),
    ]
      .filter((name): name is string => name !== undefined)
      .sort(),
    ownModules: inputs.filter((input) => packageOf(input) === undefined && !input.startsWith('<')).sort(),
    ...(file ? { text: file.text } : {}),
  };
}

function outputOf(metafile: Metafile, outfile: string): Metafile['outputs'][string] {
  const relative = path.relative(PROJECT_ROOT, outfile).split(path.sep).join('/');
  const output = metafile.outputs[relative] ?? Object.values(metafile.outputs)[0];
  if (!output) throw new Error(`esbuild wrote no ${outfile}`);
  return output;
}

/** The npm package an input of the metafile belongs to (the innermost node_modules), or undefined for ours. */
export function packageOf(input: string): string | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [first, second] = input.slice(at + 'node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * Who an input is attributed to: its npm package, or for our code its folder (`functions/core/domain`,
 * `functions/http` …), with the route table (`functions/routes.ts`) and the schema modules named on their own.
 */
export function originOf(input: string): string {
  if (/\/(messages|i18n\/[\w-]+)\/compiled\//.test(input)) return 'messages (compiled ICU)';
  if (/node_modules\/zod\/(.*\/)?locales\//.test(input)) return 'zod/locales';
  if (input === 'functions/core/i18n/catalogs.ts' || input === 'functions/core/zod-locale.ts') {
    return 'messages (loader, zod error map)';
  }
  const name = packageOf(input);
  if (name) return name;
  if (input.startsWith('<stdin>') || input === 'floor.mjs') return 'floor entry';
  if (input === 'functions/routes.ts' || input.endsWith('.schema.ts')) return input;
  const parts = input.split('/');
  return parts.slice(0, parts[1] === 'core' ? 3 : 2).join('/');
}

/** Where the size budgets live (committed; the test reads them, `BUNDLE_BUDGETS_UPDATE=1` rewrites them). */
export const BUDGETS_FILE = path.join(PROJECT_ROOT, 'test/infra/bundle-budgets.json');

/** What a budget allows over the measured size: 8 KB, rounded up to a whole KB. */
export const BUDGET_HEADROOM_BYTES = 8 * 1024;

export interface FunctionBudget {
  readonly entry: string;
  /** The most the bundle may weigh. */
  readonly budgetBytes: number;
  /** What it weighed when the budget was set, with its floor. */
  readonly measuredBytes: number;
  readonly floorBytes: number;
}

export interface BundleBudgets {
  readonly comment: string;
  readonly functions: Readonly<Record<string, FunctionBudget>>;
  /**
   * Functions whose bundle is known to add more than OVERHEAD_LIMIT_BYTES to its floor, each with the reason.
   * Set by hand, never by the update: the test fails for a function over the limit that is not listed here, and
   * for a listed one that is back under it (so the entry gets removed).
   */
  readonly overheadExceptions: Readonly<Record<string, string>>;
  /** Functions known to carry more than TRANSLATIONS_LIMIT_BYTES of translations, each with the reason; as above. */
  readonly translationExceptions: Readonly<Record<string, string>>;
}

export function readBudgets(): BundleBudgets {
  return JSON.parse(readFileSync(BUDGETS_FILE, 'utf8')) as BundleBudgets;
}

export function budgetFor(bytes: number): number {
  return Math.ceil((bytes + BUDGET_HEADROOM_BYTES) / 1024) * 1024;
}

/** Rewrites the budgets from measured bundles, keeping the overhead exceptions as they are. */
export function writeBudgets(bundles: readonly FunctionBundle[]): string {
  const previous = existsSync(BUDGETS_FILE) ? readBudgets() : undefined;
  const budgets: BundleBudgets = {
    comment:
      'Size budgets of the Lambda bundles, checked by test/infra/bundle-budget.test.ts: budgetBytes is the ' +
      'measured size plus 8 KB. Refresh on purpose with BUNDLE_BUDGETS_UPDATE=1 npm run bench -- bundles ' +
      '(see bench/README.md); overheadExceptions and translationExceptions are kept by hand.',
    functions: Object.fromEntries(
      [...bundles]
        .sort((a, b) => a.fn.id.localeCompare(b.fn.id))
        .map((one) => [
          one.fn.id,
          {
            entry: one.fn.entry,
            budgetBytes: budgetFor(one.bundle.bytes),
            measuredBytes: one.bundle.bytes,
            floorBytes: one.floor.bytes,
          },
        ]),
    ),
    overheadExceptions: previous?.overheadExceptions ?? {},
    translationExceptions: previous?.translationExceptions ?? {},
  };
  writeFileSync(BUDGETS_FILE, `${JSON.stringify(budgets, null, 2)}\n`);
  return BUDGETS_FILE;
}
