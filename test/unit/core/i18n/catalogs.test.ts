import { describe, expect, it, vi } from 'vitest';
import {
  catalogUrl,
  createCatalogs,
  type CatalogArea,
  type CatalogLoader,
} from '../../../../functions/core/i18n/catalogs';
import type { Locale } from '../../../../functions/core/i18n/locale';
import * as emailTemplates from '../../../../functions/core/email/templates';
import { NotFoundError } from '../../../../functions/core/errors';
import { logger } from '../../../../functions/core/logger';
import { problemFor } from '../../../../functions/http/problem';
import * as problemDetails from '../../../../functions/core/i18n/details/compiled/index';

/** A loader that counts its loads and answers when told to. */
function countingLoader(
  words: (area: CatalogArea, locale: Locale) => unknown = () => ({ hello: 'bonjour' }),
) {
  const calls: string[] = [];
  const waiting: (() => void)[] = [];
  const load: CatalogLoader = (area, locale) => {
    calls.push(`${area}/${locale}`);
    return new Promise((resolve, reject) => {
      waiting.push(() => {
        try {
          resolve(words(area, locale));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  };
  const release = () => {
    for (const next of waiting.splice(0)) next();
  };
  return { load, calls, release };
}

describe('the run-time catalogs (functions/core/i18n/catalogs.ts)', () => {
  it('loads a locale once per area, and concurrent first requests share that load', async () => {
    const { load, calls, release } = countingLoader();
    const catalogs = createCatalogs(load, () => undefined);
    const http = catalogs.area<{ hello: string }>('http/messages');
    const details = catalogs.area<{ hello: string }>('core/i18n/details');

    const first = catalogs.readyLocale('fr');
    const second = catalogs.readyLocale('fr');
    const third = http.ready('fr');
    expect(calls.sort()).toEqual(['core/i18n/details/fr', 'http/messages/fr']);
    expect(http.settled('fr')).toBe(false);
    release();
    await Promise.all([first, second, third]);

    expect(http.in('fr')).toEqual({ hello: 'bonjour' });
    expect(details.settled('fr')).toBe(true);
    await catalogs.readyLocale('fr');
    expect(calls).toHaveLength(2);
  });

  it('loads only the areas registered (the ones the bundle uses) and only the locale asked for', async () => {
    const { load, calls, release } = countingLoader();
    const catalogs = createCatalogs(load, () => undefined);
    catalogs.area('core/email/messages');
    const ready = catalogs.readyLocale('ja');
    release();
    await ready;
    expect(calls).toEqual(['core/email/messages/ja']);
  });

  it('loads nothing for English, an unknown locale or none; their words are English (undefined)', async () => {
    const { load, calls } = countingLoader();
    const warn = vi.fn();
    const catalogs = createCatalogs(load, warn);
    const http = catalogs.area('http/messages');
    await catalogs.readyLocale('en');
    await catalogs.readyLocale('es');
    await catalogs.readyLocale(undefined);
    expect(calls).toEqual([]);
    expect(http.in('en')).toBeUndefined();
    expect(http.in('es')).toBeUndefined();
    expect(http.settled('en')).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  it('answers English with one warning when a locale failed to load, and does not load it again', async () => {
    const { load, calls, release } = countingLoader(() => {
      throw new Error('Cannot find module messages/http/de.mjs');
    });
    const warn = vi.fn();
    const catalogs = createCatalogs(load, warn);
    const http = catalogs.area('http/messages');
    const ready = catalogs.readyLocale('de');
    release();
    await expect(ready).resolves.toBeUndefined();
    expect(http.in('de')).toBeUndefined();
    expect(http.settled('de')).toBe(true);
    await catalogs.readyLocale('de');
    expect(calls).toEqual(['http/messages/de']);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ area: 'http/messages', locale: 'de' });
  });

  it('answers English with one warning per area and locale when words are used before they are loaded', () => {
    const warn = vi.fn();
    const catalogs = createCatalogs(countingLoader().load, warn);
    const details = catalogs.area('core/i18n/details');
    expect(details.in('ja')).toBeUndefined();
    expect(details.in('ja')).toBeUndefined();
    expect(details.settled('ja')).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/before they were loaded/);
  });

  it('reads the compiled modules of the source tree outside a bundle, and files beside the bundle inside one', async () => {
    expect(catalogUrl('http/messages', 'fr')).toMatch(/\/functions\/http\/messages\/compiled\/fr\.js$/);
    expect(catalogUrl('core/i18n/details', 'ja')).toMatch(
      /\/functions\/core\/i18n\/details\/compiled\/ja\.js$/,
    );
    const catalogs = createCatalogs((area, locale) => import(/* @vite-ignore */ catalogUrl(area, locale)));
    const http = catalogs.area<{ titles: { notFound: () => string } }>('http/messages');
    await catalogs.readyLocale('fr');
    expect(http.in('fr')?.titles.notFound()).toBe('Introuvable');

    vi.stubEnv('PORTICO_CATALOGS', 'messages');
    try {
      expect(catalogUrl('core/email/messages', 'de')).toMatch(
        /\/functions\/core\/i18n\/messages\/core\/email\/messages\/de\.mjs$/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

// This file loads nothing into the container's catalogs before these: each test file has its own modules.
describe('formatting before the locale is loaded', () => {
  it('renders an email in English with `later`, and the mailer sends it in the recipient’s language', async () => {
    const rendered = emailTemplates.verificationCode({
      to: 'ada@acme.example',
      locale: 'fr',
      firstName: 'Ada',
      code: '482913',
      validMinutes: 15,
    });
    expect(rendered.subject).toBe('Your Portico verification code: 482913');
    expect(rendered.later?.locale).toBe('fr');

    const sent = await emailTemplates.inRecipientLanguage(rendered);
    expect(sent.subject).toBe('Votre code de vérification Portico : 482913');
    expect(sent.html).toContain('<html lang="fr">');
    expect(sent.later).toBeUndefined();
    // Loaded now: the next one is French at once.
    expect(
      emailTemplates.verificationCode({
        to: 'a@b.example',
        locale: 'fr',
        firstName: 'A',
        code: '1',
        validMinutes: 1,
      }).later,
    ).toBeUndefined();
  });

  it('answers a problem in English with a logged warning, never an error, when nothing made the locale ready', () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      const error = new NotFoundError('There is no such group.').keyed(problemDetails.noSuchGroup);
      const problem = JSON.parse(problemFor(error, { locale: 'ja' }).body) as Record<string, unknown>;
      expect(problem).toMatchObject({ title: 'Not found', detail: 'There is no such group.', status: 404 });
      expect(warn).toHaveBeenCalledWith(
        'messages used before they were loaded: answering in English',
        expect.objectContaining({ locale: 'ja' }),
      );
    } finally {
      warn.mockRestore();
    }
  });
});
