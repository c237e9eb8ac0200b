/**
 * The languages Portico speaks. Adding one: add its tag here, then one JSON file per message area (see
 * docs/languages.md); the key test (test/unit/core/i18n/messages.test.ts) fails until every area has it.
 */
export const LOCALES = ['en', 'fr', 'de', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The account's locale, or English for an account written before locales existed. */
export function localeOr(locale: string | undefined): Locale {
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

/**
 * The best of our locales for an `Accept-Language` header (RFC 9110 §12.5.4): language ranges by weight,
 * highest first (ties keep their order); a range matches by its primary language (`fr-CA` → fr), `*` matches
 * the default; q=0 refuses. No header, or nothing we speak: English.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      const weight = q === undefined ? 1 : Number(q);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', weight, index };
    })
    .filter((range) => range.language !== '' && Number.isFinite(range.weight) && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { language } of ranges) {
    if (language === '*') return DEFAULT_LOCALE;
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}
