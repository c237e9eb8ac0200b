import type { App } from '../app';
import { ApiProblem } from '../api';
import type { Page } from '../api-types';
import { h } from '../dom';
import { t, type MessageKey } from '../i18n';

/**
 * "Show more": loads the next page with the cursor the last one answered and appends it. The focus moves to
 * the first new row's link, and the live region says how many came.
 */
export function moreButton<T>(
  app: App,
  options: {
    label: string;
    cursor: string | undefined;
    load: (cursor: string) => Promise<Page<T>>;
    append: (items: T[]) => HTMLTableRowElement[];
    /** Says how many came: `{count}` and `{all}` (yes when there are no more). */
    shown: MessageKey;
  },
): HTMLElement {
  let cursor = options.cursor;
  const button = h('button', { type: 'button', class: 'secondary' }, options.label);
  const message = h('p', { class: 'form-message', role: 'alert', hidden: true });
  const wrapper = h('div', { class: 'more' }, message, button);
  wrapper.hidden = cursor === undefined;
  button.addEventListener('click', () => {
    if (!cursor) return;
    button.disabled = true;
    message.hidden = true;
    void options
      .load(cursor)
      .then((page) => {
        const rows = options.append(page.items);
        cursor = page.cursor;
        app.announce(t(options.shown, { count: page.items.length, all: cursor ? 'no' : 'yes' }));
        if (!cursor) {
          wrapper.hidden = true;
          const first = rows[0]?.querySelector<HTMLElement>('a') ?? rows[0]?.querySelector<HTMLElement>('th');
          if (first) {
            if (first.tagName === 'TH') first.tabIndex = -1;
            first.focus();
          }
        }
      })
      .catch((error: unknown) => {
        message.textContent = error instanceof ApiProblem ? error.detail : String(error);
        message.hidden = false;
      })
      .finally(() => (button.disabled = false));
  });
  return wrapper;
}
