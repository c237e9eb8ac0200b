import type { App } from '../app';
import type { Account } from '../api-types';
import { h, replace } from '../dom';
import { t, type MessageKey } from '../i18n';

export type PortalSection = 'summary' | 'sites' | 'products' | 'groups' | 'members' | 'auditLog' | 'settings';

const SECTIONS: readonly { key: PortalSection; label: MessageKey; path: string; administrators?: boolean }[] =
  [
    { key: 'summary', label: 'portal.sections.summary', path: '/portal' },
    { key: 'sites', label: 'portal.sections.sites', path: '/portal/sites' },
    { key: 'products', label: 'portal.sections.products', path: '/portal/products' },
    { key: 'groups', label: 'portal.sections.groups', path: '/portal/groups' },
    { key: 'members', label: 'portal.sections.members', path: '/portal/members', administrators: true },
    { key: 'auditLog', label: 'portal.sections.auditLog', path: '/portal/audit-log', administrators: true },
    // Everyone's alerts; the visibility and the membership policy below them for administrators only.
    { key: 'settings', label: 'portal.sections.settings', path: '/portal/settings' },
  ];

/**
 * The portal's frame: the organization, the sections and the content
 * element the section fills. A person whose account is not active yet is sent back to their step.
 */
export async function portalFrame(
  app: App,
  main: HTMLElement,
  current: PortalSection,
  title: string,
): Promise<{ content: HTMLElement; account: Account } | undefined> {
  const account = await app.account();
  if (account.state !== 'ACTIVE' || !account.organization) {
    app.navigate('/onboarding', { replace: true });
    return undefined;
  }
  const administrator = account.organization.role === 'ADMINISTRATOR';
  const content = h('div', { class: 'portal-content' });
  replace(
    main,
    h(
      'nav',
      { class: 'portal-nav', 'aria-label': t('portal.sectionsLabel') },
      h(
        'ul',
        {},
        SECTIONS.filter((section) => administrator || !section.administrators).map((section) =>
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
    h(
      'p',
      { class: 'organization' },
      t('portal.who', {
        organization: account.organization.name,
        name: t('common.fullName', { firstName: account.firstName, lastName: account.lastName }),
        role: account.organization.role,
      }),
    ),
    searchBox(app),
    h('h1', {}, title),
    content,
  );
  return { content, account };
}

/** The search on every portal page: a service tag (or its beginning), opening the product list searched. */
function searchBox(app: App): HTMLFormElement {
  const input = h('input', {
    id: 'portal-search',
    name: 'serviceTag',
    type: 'search',
    autocomplete: 'off',
    spellcheck: false,
  });
  const form = h(
    'form',
    { class: 'portal-search', role: 'search', 'aria-label': t('portal.search.label') },
    h('label', { for: 'portal-search' }, t('portal.search.field')),
    input,
    h('button', { type: 'submit', class: 'secondary' }, t('portal.search.submit')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const tag = input.value.trim();
    app.navigate(tag ? `/portal/products?serviceTag=${encodeURIComponent(tag)}` : '/portal/products');
  });
  return form;
}

/** The support statuses' names in the page's language (the keys are the API's values). */
export const STATUS_LABELS = {
  get ACTIVE(): string {
    return t('common.supportStatus.ACTIVE');
  },
  get EXPIRING(): string {
    return t('common.supportStatus.EXPIRING');
  },
  get EXPIRED(): string {
    return t('common.supportStatus.EXPIRED');
  },
};

/** A table that scrolls inside its own box on a narrow screen, so the page itself never does. */
export function scrollingTable(
  caption: string,
  head: readonly string[],
  rows: readonly HTMLTableRowElement[],
) {
  const body = h('tbody', {}, rows);
  const table = h(
    'table',
    {},
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((label) => h('th', { scope: 'col' }, label)),
      ),
    ),
    body,
  );
  return {
    element: h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': caption }, table),
    body,
  };
}
