import { formatNumber } from './i18n';

/** A few DOM helpers, so views read as markup without a framework. */

export type Child = Node | string | number | null | undefined | false | readonly Child[];
type AttributeValue = string | number | boolean | undefined | null;
type Listener = (event: Event) => void;
export type Attributes = Record<string, AttributeValue | Listener>;

/** `h('button', { type: 'button', onclick }, 'Save')`: `on*` are listeners, `true` is a bare attribute. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined && value !== null)
      element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child as readonly Child[]);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what `parent` holds. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let nextId = 0;
/** A document-unique id for label/aria wiring. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** Says `message` in the page's live region (role=status), for screen readers and sighted people alike. */
export function announce(message: string): void {
  const status = document.getElementById('status');
  if (!status) return;
  // Cleared first, so the same message twice is announced twice.
  status.textContent = '';
  window.setTimeout(() => (status.textContent = message), 30);
}

/** The heading of a new step takes the focus, so keyboard and screen-reader users start there. */
export function focusHeading(container: ParentNode): void {
  const heading = container.querySelector<HTMLElement>('h1');
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

// Dates and numbers in the page's language (i18n.ts); the views import them from here.
export { formatDate, formatDateTime } from './i18n';

export const numberFormat = { format: (value: number): string => formatNumber(value) };
