import { parse, type Token } from '@messageformat/parser';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { compiledFiles, MESSAGE_AREAS, readArea, type MessageTree } from '../../../../local/messages';
import { LOCALES } from '../../../../functions/core/i18n/locale';

/** Every message of a tree, by its dotted key. */
function flatten(tree: MessageTree, prefix = ''): Map<string, string> {
  const messages = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') messages.set(path, value);
    else for (const [inner, text] of flatten(value, path)) messages.set(inner, text);
  }
  return messages;
}

/** The ICU arguments a message uses (`{name}`, `{n, plural, …}`, `{x, select, …}`), sorted. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const visit = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      if (token.type === 'argument' || token.type === 'function') names.add(token.arg);
      if (token.type === 'plural' || token.type === 'select' || token.type === 'selectordinal') {
        names.add(token.arg);
        for (const c of token.cases) visit(c.tokens);
      }
    }
  };
  visit(parse(message));
  return [...names].sort();
}

/** The cases of each select a message makes (plural cases differ by language, select cases must not). */
function selectCases(message: string): string[] {
  const cases: string[] = [];
  const visit = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      if (token.type === 'select') cases.push(`${token.arg}:${token.cases.map((c) => c.key).join('|')}`);
      if (token.type === 'plural' || token.type === 'select' || token.type === 'selectordinal') {
        for (const c of token.cases) visit(c.tokens);
      }
    }
  };
  visit(parse(message));
  return cases.sort();
}

describe.each(MESSAGE_AREAS)('the messages of %s', (area) => {
  const locales = readArea(area);
  const english = flatten(locales.en ?? {});

  it('exist in every locale Portico speaks, and only those', () => {
    expect(Object.keys(locales).sort()).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES.filter((locale) => locale !== 'en'))(
    'in %s: every English key, no other, with the same placeholders and select cases',
    (locale) => {
      const translated = flatten(locales[locale] ?? {});
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, message] of english) {
        const other = translated.get(key) ?? '';
        expect(placeholders(other), `${locale} ${key}`).toEqual(placeholders(message));
        expect(selectCases(other), `${locale} ${key}`).toEqual(selectCases(message));
        if (message.trim() !== '') expect(other.trim(), `${locale} ${key} is empty`).not.toBe('');
      }
    },
  );

  it('is compiled: compiled/<locale>.js is what `npm run messages` writes from the JSON', () => {
    for (const [path, text] of compiledFiles()) {
      if (!path.startsWith(area)) continue;
      expect(readFileSync(path, 'utf8'), `${path}: run npm run messages`).toBe(text);
    }
  });

  it('compiles to modules Node and esbuild accept as they are (one import per name)', async () => {
    // vitest rewrites imports, so a duplicate import would pass here and break every bundle: esbuild parses
    // each module as the bundler and Node's ESM loader do.
    for (const [path, text] of compiledFiles()) {
      if (!path.startsWith(area) || !path.endsWith('.js')) continue;
      await expect(transform(text, { format: 'esm', loader: 'js' }), path).resolves.toBeDefined();
    }
  });
});
