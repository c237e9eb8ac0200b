import { ApiProblem, createApiClient, type ApiClient } from './api';
import type { Account } from './api-types';
import {
  groupsOf,
  loadSession,
  OPERATORS_GROUP,
  organizationOf,
  refresh,
  saveSession,
  type Session,
} from './auth';
import type { ClientConfig } from './config';
import { announce, focusHeading, h, replace, uniqueId } from './dom';
import { LANGUAGE_NAMES, locale, LOCALES, isLocale, setLocale, storeLocale, t, type Locale } from './i18n';

/**
 * What every view gets: the API client, the session, navigation and the live region. Views are plain
 * functions that fill `main`; the router picks one by path (History API, so the static hosting falls back to
 * index.html for any path that is not a file).
 */
export interface App {
  readonly config: ClientConfig;
  readonly api: ApiClient;
  session(): Session | undefined;
  setSession(session: Session | undefined): void;
  /** GET /v1/me, kept until the next change of step. */
  account(options?: { fresh?: boolean }): Promise<Account>;
  forgetAccount(): void;
  navigate(path: string, options?: { replace?: boolean; message?: string }): void;
  announce(message: string): void;
  /** Called when the current view is left (timers, polling). */
  onLeave(cleanup: () => void): void;
}

export type View = (app: App, main: HTMLElement, url: URL) => Promise<void> | void;

/**
 * A signed-in person whose sign-in has no Portico account (GET /v1/me answered 404): their sign-up stopped
 * between its two writes (docs/identity.md). Views that need the account meet it through `app.account()`.
 */
export class AccountMissing extends Error {
  override readonly name = 'AccountMissing';
}

/** What to show instead of the view when the caller's identity and account disagree; undefined otherwise. */
function identityDeadEnd(app: App, error: unknown): HTMLElement[] | undefined {
  const signOutAnd = (path: string, label: string) =>
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          app.setSession(undefined);
          app.navigate(path);
        },
      },
      label,
    );
  if (error instanceof AccountMissing) {
    return [
      h('h1', {}, t('app.accountMissing.title')),
      h('p', {}, t('app.accountMissing.body')),
      h('p', {}, signOutAnd('/signup', t('app.accountMissing.signUpAgain'))),
      h('p', {}, t('app.accountMissing.alreadyHave')),
    ];
  }
  if (error instanceof ApiProblem && error.type === 'account-suspended') {
    return [
      h('h1', {}, t('app.suspended.title')),
      h('p', { class: 'form-message' }, error.detail),
      h('p', {}, t('app.suspended.body')),
      h('p', {}, signOutAnd('/signin', t('app.signOut'))),
    ];
  }
  return undefined;
}

/** Refresh the ID token this long before it expires. */
const REFRESH_MARGIN_MS = 60_000;

export function startApp(config: ClientConfig, resolveView: (path: string) => View): App {
  const main = document.getElementById('main') as HTMLElement;
  let session = loadSession();
  let account: Promise<Account> | undefined;
  let cleanups: (() => void)[] = [];
  let pendingMessage: string | undefined;
  let renderGeneration = 0;

  async function currentToken(): Promise<string | undefined> {
    if (!session) return undefined;
    if (session.expiresAt - Date.now() < REFRESH_MARGIN_MS && session.refreshToken) {
      try {
        app.setSession(await refresh(config, session));
      } catch {
        app.setSession(undefined);
        app.navigate('/signin', { message: t('app.sessionEnded') });
        return undefined;
      }
    }
    return session?.idToken;
  }

  /** The organizations new tokens were asked for already: once each, so tokens that never name one cannot loop. */
  const renewedFor = new Set<string>();

  /**
   * New tokens, in the background, when the ID token does not name the organization the account is active in
   * (issued before the person joined, chose, changed or left one): the API reads that organization beside the
   * account (docs/security.md, "The organization claim"). The API never depends on it: nothing waits for this.
   */
  function renewIfOlderThan(account: Account): void {
    const current = session;
    const organization = account.state === 'ACTIVE' ? (account.organization?.organizationId ?? '') : '';
    if (!current?.refreshToken || organization === (organizationOf(current) ?? '')) return;
    if (renewedFor.has(organization)) return;
    renewedFor.add(organization);
    refresh(config, current)
      .then((next) => {
        if (session !== current) return;
        session = next;
        saveSession(next);
      })
      .catch(() => undefined);
  }

  const app: App = {
    config,
    api: createApiClient({
      token: currentToken,
      onUnauthorized: () => {
        app.setSession(undefined);
        app.navigate('/signin', { message: t('app.sessionEnded') });
      },
      locale,
    }),
    session: () => session,
    setSession(next) {
      session = next;
      account = undefined;
      saveSession(next);
      renderNav();
    },
    account({ fresh = false } = {}) {
      if (fresh || !account) {
        account = app
          .api('GET', '/v1/me')
          .then(async (answer) => {
            // The account's language wins over the browser's and the stored choice.
            if (isLocale(answer.locale) && answer.locale !== locale()) await switchTo(answer.locale, false);
            renewIfOlderThan(answer);
            return answer;
          })
          .catch((error: unknown) => {
            account = undefined;
            if (error instanceof ApiProblem && error.status === 404) {
              throw new AccountMissing(error.detail);
            }
            throw error;
          });
      }
      return account;
    },
    forgetAccount: () => (account = undefined),
    navigate(path, options = {}) {
      if (options.replace) history.replaceState(null, '', path);
      else history.pushState(null, '', path);
      pendingMessage = options.message;
      void render();
    },
    announce,
    onLeave: (cleanup) => cleanups.push(cleanup),
  };

  /**
   * Shows the page in `next`: its messages loaded, the header and the current view drawn again. `save` also
   * keeps the choice on this browser and, signed in, on the account (`PUT /v1/me/locale`: emails follow it).
   */
  async function switchTo(next: Locale, save: boolean): Promise<void> {
    await setLocale(next);
    renderChrome();
    if (save) {
      storeLocale(next);
      if (session) {
        try {
          await app.api('PUT', '/v1/me/locale', {
            body: { locale: next },
            idempotencyKey: crypto.randomUUID(),
          });
          account = undefined;
          // New tokens carry the new `locale` claim, so problems follow the choice at once (docs/languages.md).
          if (session?.refreshToken) {
            try {
              app.setSession(await refresh(config, session));
            } catch {
              // The current tokens stay until they expire; Accept-Language already names the new language.
            }
          }
        } catch {
          // An operator without a Portico account, or the API unreachable: the page keeps the choice.
        }
      }
    }
    void render();
  }

  /** The language switcher, on every page (sign-in included). */
  function renderLanguage(): void {
    const holder = document.getElementById('site-language');
    if (!holder) return;
    const id = uniqueId('language');
    const select = h(
      'select',
      {
        id,
        name: 'language',
        onchange: () => {
          if (isLocale(select.value)) void switchTo(select.value, true);
        },
      },
      LOCALES.map((one) =>
        h('option', { value: one, lang: one, selected: one === locale() }, LANGUAGE_NAMES[one]),
      ),
    );
    replace(holder, h('label', { for: id, class: 'visually-hidden' }, t('app.language')), select);
  }

  /** What is outside the view: the header's links and switcher, the skip link, the page title. */
  function renderChrome(): void {
    document.title = t('app.pageTitle');
    const skip = document.querySelector('.skip-link');
    if (skip) skip.textContent = t('app.skipToContent');
    document.getElementById('site-nav')?.setAttribute('aria-label', t('app.nav.label'));
    renderLanguage();
    renderNav();
  }

  function renderNav(): void {
    const nav = document.getElementById('site-nav');
    if (!nav) return;
    if (!session) {
      replace(nav);
      return;
    }
    replace(
      nav,
      groupsOf(session).includes(OPERATORS_GROUP)
        ? h('a', { href: '/operator', 'data-link': true }, t('app.nav.operator'))
        : null,
      h('a', { href: '/account', 'data-link': true }, t('app.nav.account')),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          onclick: () => {
            app.setSession(undefined);
            app.navigate('/signin', { message: t('app.signedOut') });
          },
        },
        t('app.signOut'),
      ),
    );
  }

  async function render(): Promise<void> {
    for (const cleanup of cleanups) cleanup();
    cleanups = [];
    const url = new URL(location.href);
    const view = resolveView(url.pathname);
    const message = pendingMessage;
    pendingMessage = undefined;
    // Each view fills its own container, swapped in when ready; a view left before then is dropped.
    const generation = (renderGeneration += 1);
    const outlet = h('div', { class: 'view' });
    main.setAttribute('aria-busy', 'true');
    try {
      await view(app, outlet, url);
    } catch (error) {
      const deadEnd = identityDeadEnd(app, error);
      if (deadEnd) replace(outlet, ...deadEnd);
      else
        replace(
          outlet,
          h('h1', {}, t('app.error.title')),
          h('p', { class: 'form-message' }, error instanceof Error ? error.message : String(error)),
          h('p', {}, h('a', { href: '/', 'data-link': true }, t('app.error.startAgain'))),
        );
    }
    if (generation !== renderGeneration) return;
    main.removeAttribute('aria-busy');
    replace(main, outlet);
    focusHeading(main);
    if (message) announce(message);
  }

  // Links with data-link stay in the app; modified clicks open tabs as usual.
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[data-link]');
    if (!(link instanceof HTMLAnchorElement)) return;
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    app.navigate(link.pathname + link.search);
  });
  window.addEventListener('popstate', () => void render());

  renderChrome();
  void render();
  return app;
}
