import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPES, PROBLEM_TYPES_DOCUMENT } from '../../../functions/http/problem-types';
import { routeList } from '../../../functions/routes';

/**
 * Every problem `type` the code can answer is in the catalogue (functions/http/problem-types.ts) and explained in
 * docs/api.md under a heading of its own, which is where the `type` URI leads a reader (RFC 9457).
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sourcesUnder(directory: string): string[] {
  return readdirSync(join(root, directory), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}

/** The slugs the code answers: `type = '…'` of an error class, the first argument of a typed error, `/problems/…`. */
function slugsInCode(): Set<string> {
  const slugs = new Set<string>();
  const patterns = [
    /readonly type = '([a-z-]+)'/g,
    /new (?:Forbidden|Conflict|Unprocessable|InvalidCode)Error\(\s*'([a-z-]+)'/g,
    /'\/problems\/([a-z-]+)'/g,
    /type: '(invalid-code|code-expired|code-attempts-exhausted)'/g,
  ];
  for (const source of sourcesUnder('functions')) {
    for (const pattern of patterns) for (const match of source.matchAll(pattern)) slugs.add(match[1] ?? '');
  }
  return slugs;
}

it('holds every problem type the code answers', () => {
  const catalogued = new Set(Object.keys(PROBLEM_TYPES));
  const missing = [...slugsInCode()].filter((slug) => !catalogued.has(slug));

  expect(missing, 'add them to functions/http/problem-types.ts and docs/api.md').toEqual([]);
});

it('names only routes that exist', () => {
  const ids = new Set(routeList.map((route) => route.id));
  for (const [slug, type] of Object.entries(PROBLEM_TYPES)) {
    for (const id of (type as { routes?: readonly string[] }).routes ?? [])
      expect(ids.has(id), `${slug}: ${id}`).toBe(true);
  }
});

describe(`${PROBLEM_TYPES_DOCUMENT}`, () => {
  const text = readFileSync(join(root, PROBLEM_TYPES_DOCUMENT), 'utf8');

  it.each(Object.entries(PROBLEM_TYPES))(
    'explains %s under a heading of its own, with its status',
    (slug, type) => {
      expect(text).toMatch(new RegExp(`^#{3,4} \`?${slug}\`?$`, 'm'));
      const section = text.split(new RegExp(`^#{3,4} \`?${slug}\`?$`, 'm'))[1]?.split(/^#{2,4} /m)[0] ?? '';
      expect(section).toContain(String(type.status));
    },
  );
});
