import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The house rules test/eslint.config.js enforces, checked on snippets linted as if they lived at `filePath`. */

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: 'test/eslint.config.js' });

async function rulesBroken(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

const SCAN_COMMAND = `import { ScanCommand } from '@aws-sdk/lib-dynamodb';\nexport const command = new ScanCommand({ TableName: 't' });\n`;
const RAW_SCAN = `import { ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const command = new ScanCommand({ TableName: 't' });\n`;
const PAGINATE_SCAN = `import { paginateScan } from '@aws-sdk/lib-dynamodb';\nexport const pages = paginateScan;\n`;
const AGGREGATED_SCAN = `declare const documents: { scan(input: object): Promise<unknown> };\nexport const all = documents.scan({ TableName: 't' });\n`;
const PARALLEL_SCAN = `export const input = { TableName: 't', Segment: 0, TotalSegments: 4 };\n`;
const CONSOLE_LOG = `export function report(): void {\n  console.log('done');\n}\n`;

describe('DynamoDB Scan', () => {
  it.each([
    ['functions/core/adapters/dynamodb/x.store.ts', SCAN_COMMAND, 'no-restricted-imports'],
    ['functions/core/adapters/dynamodb/x.store.ts', RAW_SCAN, 'no-restricted-imports'],
    ['functions/core/adapters/dynamodb/x.store.ts', PAGINATE_SCAN, 'no-restricted-imports'],
    ['functions/core/adapters/dynamodb/x.store.ts', AGGREGATED_SCAN, 'no-restricted-syntax'],
    ['functions/core/adapters/dynamodb/x.store.ts', PARALLEL_SCAN, 'no-restricted-syntax'],
    ['functions/portal/x.handler.ts', SCAN_COMMAND, 'no-restricted-imports'],
    ['lib/x.ts', SCAN_COMMAND, 'no-restricted-imports'],
    ['bin/x.ts', AGGREGATED_SCAN, 'no-restricted-syntax'],
  ])('is refused in %s', async (filePath, code, rule) => {
    expect(await rulesBroken(code, filePath)).toContain(rule);
  });
});

describe('console', () => {
  it.each(['functions/core/use-cases/x.ts', 'lib/x.ts', 'bin/x.ts'])('is refused in %s', async (filePath) => {
    expect(await rulesBroken(CONSOLE_LOG, filePath)).toContain('no-console');
  });

  it.each(['local/x.ts', 'bench/x.ts'])('is allowed in the terminal programs of %s', async (filePath) => {
    expect(await rulesBroken(CONSOLE_LOG, filePath)).toEqual([]);
  });
});

it('refuses parseParameters in a handler: the route declares its parameters', async () => {
  const code = `import { parseParameters } from '../http/request';\nexport const parse = parseParameters;\n`;

  expect(await rulesBroken(code, 'functions/portal/x.handler.ts')).toContain('no-restricted-imports');
});

describe('zod in production code', () => {
  const CLASSIC = `import * as z from 'zod';\nexport const name = z.string();\n`;
  const CLASSIC_NAMED = `import { z } from 'zod';\nexport const name = z.string();\n`;
  const MINI = `import * as z from 'zod/mini';\nexport const name = z.string();\n`;
  const MINI_NAMED = `import { z } from 'zod/mini';\nexport const name = z.string();\n`;
  const ALL_LOCALES = `import * as z from 'zod/mini';\nz.config(z.locales.en());\n`;
  const ONE_LOCALE = `import * as z from 'zod/mini';\nimport { en } from 'zod/locales';\nz.config(en());\n`;
  const TYPE_ONLY = `import type { z } from 'zod';\nexport type Schema = z.ZodType;\n`;

  it.each([
    ['functions/me/x.schema.ts', CLASSIC, 'Import zod/mini in production code'],
    ['lib/x.ts', CLASSIC_NAMED, 'Import zod/mini in production code'],
    ['bin/x.ts', CLASSIC, 'Import zod/mini in production code'],
    ['functions/http/x.ts', MINI_NAMED, "Write `import * as z from 'zod/mini'`"],
    ['functions/core/x.ts', ALL_LOCALES, "zod's locales are not bundled"],
    // Portico's own error map replaces zod's locales (functions/core/zod-locale.ts, docs/languages.md).
    ['functions/core/x.ts', ONE_LOCALE, "zod's locales are not bundled"],
  ])('refuses in %s: %j', async (filePath, code, message) => {
    const [result] = await eslint.lintText(code, { filePath });

    expect(result?.messages.map((problem) => problem.message).join('\n')).toContain(message);
  });

  it.each([
    ['functions/me/x.schema.ts', MINI],
    ['test/unit/x.test.ts', ONE_LOCALE],
    ['functions/http/x.ts', TYPE_ONLY],
    ['test/unit/x.test.ts', CLASSIC_NAMED],
    ['local/x.ts', CLASSIC],
  ])('allows in %s: %j', async (filePath, code) => {
    expect(await rulesBroken(code, filePath)).toEqual([]);
  });
});
