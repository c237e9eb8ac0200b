import type { App } from '../app';
import type { Site } from '../api-types';
import { countryName } from '../countries';
import { h, numberFormat, replace, uniqueId } from '../dom';
import { moreButton } from './paging';
import { portalFrame, scrollingTable } from './portal-frame';
import { t } from '../i18n';

function siteRow(site: Site): HTMLTableRowElement {
  return h(
    'tr',
    {},
    h(
      'th',
      { scope: 'row' },
      h(
        'a',
        { href: `/portal/products?site=${encodeURIComponent(site.siteId)}`, 'data-link': true },
        site.name,
      ),
    ),
    h('td', {}, t('common.place', { city: site.city, country: countryName(site.country) })),
    h('td', { class: 'number' }, numberFormat.format(site.counts.total)),
    h('td', { class: 'number' }, numberFormat.format(site.counts.active)),
    h('td', { class: 'number' }, numberFormat.format(site.counts.expiring)),
    h('td', { class: 'number' }, numberFormat.format(site.counts.expired)),
  );
}

/** GET /v1/portal/sites?country&cursor: the visible sites, a page at a time. */
export async function sitesView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = await portalFrame(app, main, 'sites', t('portal.sections.sites'));
  if (!frame) return;
  const country = url.searchParams.get('country') ?? '';
  const [summary, first] = await Promise.all([
    app.api('GET', '/v1/portal/summary'),
    app.api('GET', '/v1/portal/sites', { query: { country, limit: 25 } }),
  ]);

  const countries = [...new Set(summary.bySite.map((site) => site.country))].sort();
  const countryId = uniqueId('sites-country');
  const countrySelect = h(
    'select',
    { id: countryId, name: 'country' },
    h('option', { value: '' }, t('sites.allCountries')),
    countries.map((code) => h('option', { value: code, selected: code === country }, countryName(code))),
  );
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('sites.filter') },
    h('div', { class: 'field' }, h('label', { for: countryId }, t('common.country')), countrySelect),
    h('button', { type: 'submit', class: 'secondary' }, t('sites.apply')),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    app.navigate(countrySelect.value ? `/portal/sites?country=${countrySelect.value}` : '/portal/sites');
  });

  const table = scrollingTable(
    t('portal.sections.sites'),
    [
      t('common.site'),
      t('sites.location'),
      t('portal.sections.products'),
      t('common.supportStatus.ACTIVE'),
      t('common.supportStatus.EXPIRING'),
      t('common.supportStatus.EXPIRED'),
    ],
    first.items.map(siteRow),
  );
  const more = moreButton(app, {
    label: t('sites.more'),
    cursor: first.cursor,
    load: (cursor) => app.api('GET', '/v1/portal/sites', { query: { country, limit: 25, cursor } }),
    append: (items) => {
      const rows = items.map(siteRow);
      table.body.append(...rows);
      return rows;
    },
    shown: 'paging.sites',
  });
  replace(frame.content, filters, first.items.length ? table.element : h('p', {}, t('sites.none')), more);
}
