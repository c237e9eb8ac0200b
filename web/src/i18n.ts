import * as en from './messages/compiled/en.js';

/**
 * The web client's languages (docs/languages.md#the-web-client). Words live in web/src/messages/<locale>.json
 * (ICU MessageFormat), compiled by `npm run messages` into plain functions; `t('area.key', values)` formats one
 * in the current language. English is in the main bundle (it is also the fallback); the other languages are
 * chunks loaded when chosen. Dates, numbers and country names come from `Intl` in the same language.
 */

export const LOCALES = ['en', 'fr', 'de', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, for the switcher: the same in every language. */
export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  ja: '日本語',
};

type Catalog = typeof en;
type Message = (values?: Readonly<Record<string, unknown>>) => string;

/** Every message's dotted key (`signIn.title`), from the English catalog's types. */
type KeysOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends Message ? `${Prefix}${K}` : KeysOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = KeysOf<Catalog>;

const loaders: Readonly<Record<Locale, () => Promise<Catalog>>> = {
  en: () => Promise.resolve(en),
  fr: () => import('./messages/compiled/fr.js'),
  de: () => import('./messages/compiled/de.js'),
  ja: () => import('./messages/compiled/ja.js'),
};

let current: Locale = 'en';
let catalog: Catalog = en;

export function locale(): Locale {
  return current;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The message `key` in the current language, its `{placeholders}` filled from `values`. */
export function t(key: MessageKey, values?: Readonly<Record<string, unknown>>): string {
  let node: unknown = catalog;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node === 'function') return (node as Message)(values);
  // Every locale has every key (test/unit/core/i18n/messages.test.ts); English if one ever goes missing.
  let fallback: unknown = en;
  for (const part of key.split('.')) fallback = (fallback as Record<string, unknown> | undefined)?.[part];
  return typeof fallback === 'function' ? (fallback as Message)(values) : key;
}

/** Loads `next`'s messages and makes it the page's language (`<html lang>` too). */
export async function setLocale(next: Locale): Promise<void> {
  const loaded = await loaders[next]();
  catalog = loaded;
  current = next;
  document.documentElement.lang = next;
}

const STORAGE_KEY = 'portico.locale';

/** The choice made with the switcher on this browser, if any. */
export function storedLocale(): Locale | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storeLocale(value: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // Storage refused (private mode): the choice lasts for this page.
  }
}

/** The first of the browser's languages Portico speaks (`fr-CA` → fr), else English. */
export function browserLocale(languages: readonly string[] = navigator.languages ?? []): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

/** The language before the account is known: the stored choice, else the browser's, else English. */
export function initialLocale(): Locale {
  return storedLocale() ?? browserLocale();
}

/** The conventions dates and numbers follow in each language (English as the client always wrote them). */
const INTL_LOCALES: Readonly<Record<Locale, string>> = { en: 'en-GB', fr: 'fr-FR', de: 'de-DE', ja: 'ja-JP' };

// Formats in the current language, made once per language.
let formats:
  | { locale: Locale; date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat; number: Intl.NumberFormat }
  | undefined;

function formatsNow() {
  if (formats?.locale !== current) {
    formats = {
      locale: current,
      date: new Intl.DateTimeFormat(INTL_LOCALES[current], {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      }),
      dateTime: new Intl.DateTimeFormat(INTL_LOCALES[current], { dateStyle: 'medium', timeStyle: 'short' }),
      number: new Intl.NumberFormat(INTL_LOCALES[current]),
    };
  }
  return formats;
}

/** A date (`2026-03-01` or a timestamp) as the reader writes it, in UTC. */
export function formatDate(iso: string): string {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(date.getTime()) ? iso : formatsNow().date.format(date);
}

/** A moment, in the reader's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatsNow().dateTime.format(date);
}

export function formatNumber(value: number): string {
  return formatsNow().number.format(value);
}

export type TimeUnit = 'minute' | 'hour' | 'day';

/** A length of time as the reader says it: "3 days", "3 jours", "3 Tage", "3 日". */
export function formatDuration(value: number, unit: TimeUnit): string {
  return new Intl.NumberFormat(current, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** A moment that long ago: "3 days ago", "il y a 3 jours", "vor 3 Tagen", "3 日前". */
export function formatAgo(value: number, unit: TimeUnit): string {
  return new Intl.RelativeTimeFormat(current, { numeric: 'always' }).format(-value, unit);
}
