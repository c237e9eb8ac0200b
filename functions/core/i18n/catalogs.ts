import { logger } from '../logger';
import { DEFAULT_LOCALE, isLocale, type Locale } from './locale';

/**
 * The non-English words of each message area are loaded at run time, not bundled (issue 17: "a function may
 * load only its own messages, and only the locales it needs at run time"; docs/languages.md "Loading at run
 * time"). A bundle holds English only: the fallback, and the logs' language. French, German and Japanese are
 * files beside the bundle, `messages/<area>/<locale>.mjs` (made by lib/bundling-options.ts at bundling), read
 * by a dynamic `import()` the first time a request or an email needs that locale, once per container.
 *
 * Formatting stays synchronous: what formats makes the locale ready first. The API handler awaits
 * `readyLocale(request locale)` before the route's handler runs (functions/http/api-handler.ts); an email whose
 * recipient's words are not loaded yet is rendered again by the mailer once they are (`EmailMessage.later`,
 * functions/core/email/templates.ts). A message asked for in a locale that is not loaded (a bug: nothing made
 * it ready) or failed to load is English, with one warning per area and locale in the log: never an error.
 */

/**
 * The areas loaded at run time, each named by its folder under functions/ (its words are in
 * `compiled/<locale>.js` there). The module that formats an area's words registers it with this name as a
 * literal (`catalogArea('http/messages')`), which is how bundling tells the areas a bundle uses
 * (lib/bundling-options.ts): only those are shipped beside it.
 */
export const CATALOG_AREAS = [
  'core/email/messages',
  'http/messages',
  'core/i18n/details',
  'core/i18n/answers',
] as const;
export type CatalogArea = (typeof CATALOG_AREAS)[number];

/** Folder of a bundle's catalogs, beside its `index.mjs`: `<folder>/<area>/<locale>.mjs`. */
export const BUNDLED_CATALOGS_FOLDER = 'messages';

/**
 * Where the words of `area` in `locale` are: in a bundle (esbuild's `define` sets `process.env.PORTICO_CATALOGS`
 * to the folder, lib/bundling-options.ts) the file beside it; from source (the local stack, the tests) the
 * compiled module of the area itself.
 */
export function catalogUrl(area: CatalogArea, locale: Locale): string {
  const bundled = process.env.PORTICO_CATALOGS;
  return bundled
    ? new URL(`./${bundled}/${area}/${locale}.mjs`, import.meta.url).href
    : new URL(`../../${area}/compiled/${locale}.js`, import.meta.url).href;
}

/** Reads one catalog: the module's exports (one per top-level key). */
export type CatalogLoader = (area: CatalogArea, locale: Locale) => Promise<unknown>;

const importCatalog: CatalogLoader = (area, locale) => import(/* @vite-ignore */ catalogUrl(area, locale));

/** The words of one area, as its modules export them. */
export interface CatalogWords<T> {
  /**
   * The words in `locale`, or undefined for English (the bundle's own), a locale Portico does not speak, and a
   * locale whose words are not loaded (logged once per area and locale: formatting falls back to English).
   */
  in(locale: string): T | undefined;
  /** True when `in(locale)` is final: English, or a locale loaded or that failed to load. */
  settled(locale: Locale): boolean;
  /** Loads this area's words in `locale` (once per container; never rejects). */
  ready(locale: Locale): Promise<void>;
}

export interface Catalogs {
  /** The words of `area`; the first call registers the area, so `readyLocale` loads it. */
  area<T>(area: CatalogArea): CatalogWords<T>;
  /**
   * Loads the words of every area this bundle uses (those registered) in `locale`; English, an unknown locale or
   * undefined loads nothing. Concurrent calls share one load; a failed load is logged and leaves English.
   */
  readyLocale(locale: string | undefined): Promise<void>;
}

/** A registry of areas over `load` (the default reads the files; tests pass their own). */
export function createCatalogs(
  load: CatalogLoader,
  warn: (message: string, attributes: Record<string, unknown>) => void = (message, attributes) =>
    logger.warn(message, attributes),
): Catalogs {
  const areas = new Map<CatalogArea, CatalogWords<unknown>>();
  const loaded = new Map<string, unknown>();
  const failed = new Set<string>();
  const loading = new Map<string, Promise<void>>();
  const warned = new Set<string>();

  function readyOf(area: CatalogArea, locale: Locale): Promise<void> {
    const key = `${area}/${locale}`;
    let pending = loading.get(key);
    if (!pending) {
      pending = load(area, locale).then(
        (words) => {
          loaded.set(key, words);
        },
        (error: unknown) => {
          failed.add(key);
          warn('messages not loaded: answering in English', { area, locale, error });
        },
      );
      loading.set(key, pending);
    }
    return pending;
  }

  function make<T>(area: CatalogArea): CatalogWords<T> {
    return {
      in(locale) {
        if (!isLocale(locale) || locale === DEFAULT_LOCALE) return undefined;
        const key = `${area}/${locale}`;
        if (loaded.has(key)) return loaded.get(key) as T;
        if (!failed.has(key) && !warned.has(key)) {
          warned.add(key);
          warn('messages used before they were loaded: answering in English', { area, locale });
        }
        return undefined;
      },
      settled(locale) {
        const key = `${area}/${locale}`;
        return locale === DEFAULT_LOCALE || loaded.has(key) || failed.has(key);
      },
      ready(locale) {
        return isLocale(locale) && locale !== DEFAULT_LOCALE ? readyOf(area, locale) : Promise.resolve();
      },
    };
  }

  return {
    area<T>(area: CatalogArea): CatalogWords<T> {
      let words = areas.get(area);
      if (!words) {
        words = make<unknown>(area);
        areas.set(area, words);
      }
      return words as CatalogWords<T>;
    },
    async readyLocale(locale) {
      if (!isLocale(locale) || locale === DEFAULT_LOCALE) return;
      await Promise.all([...areas.values()].map((words) => words.ready(locale)));
    },
  };
}

/** The container's catalogs: every area module registers here (`catalogArea`). */
export const catalogs = createCatalogs(importCatalog);

/** The words of `area`, registered so that `readyLocale` loads them. */
export function catalogArea<T>(area: CatalogArea): CatalogWords<T> {
  return catalogs.area<T>(area);
}

/** Loads the words of every area this bundle uses in `locale` (see Catalogs.readyLocale). */
export function readyLocale(locale: string | undefined): Promise<void> {
  return catalogs.readyLocale(locale);
}
