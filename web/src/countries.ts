import { locale } from './i18n';

/**
 * ISO 3166-1 alpha-2 countries named by the browser's ICU data, for the country pickers. The API checks the
 * code itself (functions/http/fields.ts); this list skips the same non-country region codes it refuses.
 */
const NON_COUNTRY_REGIONS = new Set('ZZ EU EZ UN QO XA XB AC CP CQ DG EA IC TA'.split(' '));

let cached: { locale: string; list: { code: string; name: string }[] } | undefined;

/** The countries named and sorted in the page's language. */
export function countries(): readonly { code: string; name: string }[] {
  const language = locale();
  if (cached?.locale === language) return cached.list;
  const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
  const list: { code: string; name: string }[] = [];
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second;
      if (NON_COUNTRY_REGIONS.has(code)) continue;
      let name: string | undefined;
      try {
        name = names.of(code);
        if (new Intl.Locale('und', { region: code }).region !== code) name = undefined;
      } catch {
        name = undefined;
      }
      if (name && name !== code) list.push({ code, name });
    }
  }
  const collator = new Intl.Collator(language);
  cached = { locale: language, list: list.sort((a, b) => collator.compare(a.name, b.name)) };
  return cached.list;
}

export function countryName(code: string): string {
  return countries().find((country) => country.code === code)?.name ?? code;
}
