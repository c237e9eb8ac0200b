import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { Schema } from '../../functions/http/route';
import { answerSchemasOf, routeList } from '../../functions/routes';
import { CATALOG_LOCALES } from '../../lib/bundling-options';
import {
  bundleFunctions,
  CATALOGS_LIMIT_BYTES,
  type FunctionBundle,
  OVERHEAD_LIMIT_BYTES,
  readBudgets,
  stackFunctions,
  TRANSLATIONS_LIMIT_BYTES,
} from '../../bench/support/bundling';

/**
 * Every Lambda function of the stack, bundled as NodejsFunction bundles it (lib/bundling-options.ts, in memory),
 * stays within its size budget (test/infra/bundle-budgets.json) and adds at most 100 KB to its floor: one client
 * of each AWS SDK package it holds, and nothing else; its words (English compiled messages) are counted apart,
 * under their own limit, and so are the run-time catalogs shipped beside it (fr/de/ja of the areas it uses,
 * lib/bundling-options.ts): what one language loads stays under CATALOGS_LIMIT_BYTES. A function without a
 * budget fails. Budgets are refreshed
 * on purpose: `BUNDLE_BUDGETS_UPDATE=1 npm run bench -- bundles` (bench/README.md).
 */

const REFRESH = 'refresh on purpose with BUNDLE_BUDGETS_UPDATE=1 npm run bench -- bundles';
const functions = stackFunctions();
const budgets = readBudgets();
const bundles = new Map<string, FunctionBundle>();

beforeAll(async () => {
  for (const one of await bundleFunctions(functions)) bundles.set(one.fn.id, one);
}, 180_000);

function bundleOf(id: string): FunctionBundle {
  const one = bundles.get(id);
  if (!one) throw new Error(`${id} was not bundled`);
  return one;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function contributors(one: FunctionBundle): string {
  return one.contributors
    .slice(0, 6)
    .map((contributor) => `${contributor.origin} ${kb(contributor.bytes)}`)
    .join(', ');
}

describe('bundle budgets', () => {
  it('name exactly the functions the stack defines, each with its handler module', () => {
    expect(functions.length).toBeGreaterThan(0);
    expect(
      Object.keys(budgets.functions).sort(),
      `budgets differ from the stack's functions: ${REFRESH}`,
    ).toEqual(functions.map((fn) => fn.id).sort());
    for (const fn of functions) expect(budgets.functions[fn.id]?.entry).toBe(fn.entry);
  });

  it('give overhead and translation exceptions only to functions of the stack, each with a reason', () => {
    for (const [id, reason] of [
      ...Object.entries(budgets.overheadExceptions),
      ...Object.entries(budgets.translationExceptions),
    ]) {
      expect(functions.map((fn) => fn.id)).toContain(id);
      expect(reason.length).toBeGreaterThan(20);
    }
  });

  describe.each(functions.map((fn) => [fn.id] as const))('%s', (id) => {
    it('is within its size budget', () => {
      const one = bundleOf(id);
      const budget = budgets.functions[id];
      if (!budget) throw new Error(`${id} has no budget: ${REFRESH}`);
      expect(
        one.bundle.bytes,
        `${id} weighs ${kb(one.bundle.bytes)}, over its budget of ${kb(budget.budgetBytes)} ` +
          `(measured ${kb(budget.measuredBytes)} when set); over its floor: ${contributors(one)}. ` +
          `Shrink it, or ${REFRESH}`,
      ).toBeLessThanOrEqual(budget.budgetBytes);
    });

    if (budgets.translationExceptions[id] === undefined) {
      it(`carries at most ${TRANSLATIONS_LIMIT_BYTES / 1024} KB of words (its English messages)`, () => {
        const one = bundleOf(id);
        expect(
          one.translationBytes,
          `${id} carries ${kb(one.translationBytes)} of compiled messages: keep other languages in the run-time ` +
            'catalogs (functions/core/i18n/catalogs.ts) and name each English message (no namespace as a value)',
        ).toBeLessThanOrEqual(TRANSLATIONS_LIMIT_BYTES);
      });
    } else {
      it(`is a known exception to the ${TRANSLATIONS_LIMIT_BYTES / 1024} KB translations limit until it is back under it`, () => {
        const one = bundleOf(id);
        expect(
          one.translationBytes,
          `${id} carries only ${kb(one.translationBytes)} of translations now: remove its translationExceptions ` +
            'entry from test/infra/bundle-budgets.json',
        ).toBeGreaterThan(TRANSLATIONS_LIMIT_BYTES);
      });
    }

    it(`ships the catalogs of the areas it uses in ${CATALOG_LOCALES.join(', ')}; one language loads at most ${CATALOGS_LIMIT_BYTES / 1024} KB`, () => {
      const one = bundleOf(id);
      for (const catalog of one.catalogs) {
        expect(Object.keys(catalog.bytes).sort(), `${id} ${catalog.area}`).toEqual(
          [...CATALOG_LOCALES].sort(),
        );
        for (const bytes of Object.values(catalog.bytes)) expect(bytes).toBeGreaterThan(0);
      }
      expect(
        one.catalogLocaleBytes,
        `${id} loads ${kb(one.catalogLocaleBytes)} of catalogs in one language (${one.catalogs
          .map((catalog) => catalog.area)
          .join(
            ', ',
          )}): split an area (details, answers are indexed per message) or raise CATALOGS_LIMIT_BYTES ` +
          'with the reason (bench/support/bundling.ts)',
      ).toBeLessThanOrEqual(CATALOGS_LIMIT_BYTES);
    });

    const exception = budgets.overheadExceptions[id];
    if (exception === undefined) {
      it(`adds at most ${OVERHEAD_LIMIT_BYTES / 1024} KB to its AWS SDK floor`, () => {
        const one = bundleOf(id);
        expect(
          one.overheadBytes,
          `${id} adds ${kb(one.overheadBytes)} to its floor of ${kb(one.floor.bytes)}: ${contributors(one)}`,
        ).toBeLessThanOrEqual(OVERHEAD_LIMIT_BYTES);
      });
    } else {
      it(`is a known exception to the ${OVERHEAD_LIMIT_BYTES / 1024} KB overhead limit until it is back under it`, () => {
        const one = bundleOf(id);
        expect(
          one.overheadBytes,
          `${id} adds only ${kb(one.overheadBytes)} to its floor now: remove its overheadExceptions entry ` +
            'from test/infra/bundle-budgets.json',
        ).toBeGreaterThan(OVERHEAD_LIMIT_BYTES);
      });
    }
  });
});

/** Every `description` in the JSON Schema of `schema`. */
function descriptionsOf(schema: Schema | undefined, io: 'input' | 'output'): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'description' && typeof value === 'string') found.add(value);
        else visit(value);
      }
    }
  };
  if (schema) visit(z.toJSONSchema(schema, { io, unrepresentable: 'any' }));
  return found;
}

describe('the API contract', () => {
  describe.each(routeList.map((route) => [route.id, route] as const))('%s', (id, route) => {
    it("is not in the function's bundle: its answer schemas are built only by the route list", () => {
      const text = bundleOf(id).bundle.text;
      if (text === undefined) throw new Error(`${id} was not bundled in memory`);
      const request = new Set(
        [
          route.body,
          route.query,
          route.pathParameters,
          ...Object.values(route.requestMediaTypes ?? {}),
        ].flatMap((schema) => [...descriptionsOf(schema, 'input')]),
      );
      const routeTexts = [route.summary, ...Object.values<string | undefined>(route.success)].filter(
        (routeText): routeText is string => routeText !== undefined,
      );
      const answerOnly = Object.values(answerSchemasOf(route))
        .flatMap((schema) => [...descriptionsOf(schema, 'output')])
        .filter((description) => !request.has(description) && description.length >= 24)
        // The route's own texts (summary, what each status means) are in the bundle with the route.
        .filter((description) => !routeTexts.some((routeText) => routeText.includes(description)));
      const inBundle = answerOnly.filter((description) => text.includes(description));

      expect(inBundle, `${id} bundles descriptions of its answers`).toEqual([]);
    });
  });
});
