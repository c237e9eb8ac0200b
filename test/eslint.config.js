// ESLint flat config. It lives in test/ so the repository's top level stays as the brief lays it out;
// `npm run lint` passes it with --config (patterns are then relative to the repository root).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Code that is deployed or deploys: bans below apply here. */
const PRODUCTION = ['functions/**/*.ts', 'lib/**/*.ts', 'bin/**/*.ts'];

const NO_SCAN = 'Every read is a GetItem or a Query on a key or index (architecture habit 7): no Scan.';

/** A Scan, or a parallel Scan (Segment/TotalSegments), through either DynamoDB client. */
const NO_SCAN_IMPORTS = [
  { name: '@aws-sdk/client-dynamodb', importNames: ['ScanCommand', 'paginateScan'], message: NO_SCAN },
  { name: '@aws-sdk/lib-dynamodb', importNames: ['ScanCommand', 'paginateScan'], message: NO_SCAN },
];
/** Classic zod (`zod`, `zod/v4`, `zod/v4/classic`, `zod/v3`); zod/mini is allowed (zod/locales is not: ZOD_LOCALES). */
const CLASSIC_ZOD = '[source.value=/^zod(\\/v[34])?(\\/classic)?$/]';
const ZOD_MINI =
  "Import zod/mini in production code: `import * as z from 'zod/mini'`, with its functional API (z.optional(x), " +
  'x.check(z.trim(), z.maxLength(n)), z._default(x, v) …). Classic zod adds about 60 KB to every Lambda bundle ' +
  'it reaches and about 12 ms to its cold start (bench/README.md). Type-only imports are fine; tests may use ' +
  'classic zod.';
const ZOD_NAMESPACE =
  "Write `import * as z from 'zod/mini'`: one named or default zod import makes esbuild keep all of zod, locales " +
  'included (about 300 KB more in every Lambda bundle; see bench/README.md).';
const ZOD_LOCALES =
  "zod's locales are not bundled: Portico's own error map (functions/core/zod-locale.ts) words the issues in " +
  'functions/http/messages, loaded per language at run time (docs/languages.md). `z.locales` alone would make ' +
  'esbuild keep every locale zod has (about 270 KB); one locale adds about 3 KB to every function.';
const BUNDLE_SYNTAX = [
  { selector: `ImportDeclaration${CLASSIC_ZOD}[importKind!='type']`, message: ZOD_MINI },
  { selector: `ExportNamedDeclaration${CLASSIC_ZOD}[exportKind!='type']`, message: ZOD_MINI },
  { selector: `ExportAllDeclaration${CLASSIC_ZOD}[exportKind!='type']`, message: ZOD_MINI },
  {
    selector: "ImportDeclaration[source.value='zod/mini'][importKind!='type'] > ImportSpecifier",
    message: ZOD_NAMESPACE,
  },
  {
    selector: "ImportDeclaration[source.value='zod/mini'][importKind!='type'] > ImportDefaultSpecifier",
    message: ZOD_NAMESPACE,
  },
  { selector: "MemberExpression[object.name='z'][property.name='locales']", message: ZOD_LOCALES },
  { selector: "ImportDeclaration[source.value='zod/locales'][importKind!='type']", message: ZOD_LOCALES },
];
const NO_SCAN_SYNTAX = [
  // The aggregated clients (DynamoDB, DynamoDBDocument) scan with a method instead of a command.
  { selector: "CallExpression[callee.property.name='scan']", message: NO_SCAN },
  {
    selector: "Property[key.name='TotalSegments']",
    message: `${NO_SCAN} (TotalSegments is a parallel Scan)`,
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdk.out/**',
      'local/.data/**',
      'test/.artifacts/**',
      'coverage/**',
      'web/dist*/**',
      'functions/**/messages/compiled/**',
      'web/src/messages/compiled/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Production code: what runs in Lambda (functions/) and what synthesizes it (lib/, bin/). The one-machine
    // runtime (local/), its CLIs and bench/ print to a terminal on purpose and are not covered.
    files: PRODUCTION,
    rules: {
      // Lambda output goes through the structured logger (functions/core/logger.ts); a CLI that must print
      // writes to process.stdout / process.stderr.
      'no-console': 'error',
      'no-restricted-imports': ['error', { paths: NO_SCAN_IMPORTS }],
      'no-restricted-syntax': ['error', ...NO_SCAN_SYNTAX, ...BUNDLE_SYNTAX],
    },
  },
  {
    files: ['functions/**/*.handler.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NO_SCAN_IMPORTS,
            {
              name: '../http/request',
              importNames: ['parseParameters'],
              message: "Declare the route's query/pathParameters schemas; apiHandler parses them.",
            },
          ],
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Handlers wire things up; SDK calls live in adapters.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read config in wiring.' },
      ],
    },
  },
  prettier,
);
