import type { App } from '../app';
import { ApiProblem } from '../api';
import { groupsOf, OPERATORS_GROUP } from '../auth';
import { h, replace } from '../dom';
import { t, type MessageKey } from '../i18n';

export type OperatorSection = 'queue' | 'organizations' | 'imports';

const SECTIONS: readonly { key: OperatorSection; label: MessageKey; path: string }[] = [
  { key: 'queue', label: 'operator.sections.queue', path: '/operator' },
  { key: 'organizations', label: 'operator.sections.organizations', path: '/operator/organizations' },
  { key: 'imports', label: 'operator.sections.imports', path: '/operator/imports' },
];

/**
 * The operator console's frame, for members of the Cognito group `operators` only. The group is read from the
 * ID token to show the console; the API checks it on every call and stays the authority (a 403 from it is
 * shown as such).
 */
export function operatorFrame(
  app: App,
  main: HTMLElement,
  current: OperatorSection,
  title: string,
): { content: HTMLElement; heading: HTMLHeadingElement } | undefined {
  if (!groupsOf(app.session()).includes(OPERATORS_GROUP)) {
    replace(
      main,
      h('h1', {}, t('operator.only')),
      h('p', {}, t('operator.onlyBody')),
      h('p', {}, h('a', { href: '/', 'data-link': true }, t('operator.goToAccount'))),
    );
    return undefined;
  }
  const content = h('div', { class: 'portal-content' });
  const heading = h('h1', {}, title);
  replace(
    main,
    h(
      'nav',
      { class: 'portal-nav', 'aria-label': t('app.nav.operator') },
      h(
        'ul',
        {},
        SECTIONS.map((section) =>
          h(
            'li',
            {},
            h(
              'a',
              {
                href: section.path,
                'data-link': true,
                'aria-current': section.key === current ? 'page' : undefined,
              },
              t(section.label),
            ),
          ),
        ),
      ),
    ),
    heading,
    content,
  );
  return { content, heading };
}

/** A problem of a call the operator made, in a message area (role=alert). */
export function problemMessage(): { element: HTMLElement; show(error: unknown): void; clear(): void } {
  const element = h('div', { class: 'form-message', role: 'alert', tabindex: -1, hidden: true });
  return {
    element,
    show(error) {
      element.textContent = error instanceof ApiProblem ? error.detail : String(error);
      element.hidden = false;
      element.focus();
    },
    clear() {
      element.hidden = true;
      element.textContent = '';
    },
  };
}

/** A fresh Idempotency-Key for one operator action (kept for its retries). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * One Idempotency-Key per distinct request of a form: sending the same body again (a retry, a double click)
 * reuses its key, so the API answers the first outcome; a changed body gets a new key (the API refuses a key
 * reused for another body).
 */
export function keyPerBody(): (body: unknown) => string {
  let last: { json: string; key: string } | undefined;
  return (body) => {
    const json = JSON.stringify(body);
    if (last?.json !== json) last = { json, key: idempotencyKey() };
    return last.key;
  };
}
