import type { App } from '../app';
import { pathWithQuery } from '../api';
import type { Product, QueryOf, SupportStatus } from '../api-types';
import { formatDate, h, replace, uniqueId } from '../dom';
import { exportButtons } from './product-export';
import { moreButton } from './paging';
import { portalFrame, scrollingTable, STATUS_LABELS } from './portal-frame';
import { t } from '../i18n';

const FILTERS = ['site', 'family', 'status', 'group', 'serviceTag', 'match', 'model', 'sort'] as const;

function select(
  label: string,
  name: string,
  current: string,
  options: readonly { value: string; label: string }[],
) {
  const id = uniqueId(`products-${name}`);
  const control = h(
    'select',
    { id, name },
    options.map((option) =>
      h('option', { value: option.value, selected: option.value === current }, option.label),
    ),
  );
  return { control, element: h('div', { class: 'field' }, h('label', { for: id }, label), control) };
}

function textField(label: string, name: string, current: string) {
  const id = uniqueId(`products-${name}`);
  const control = h('input', { id, name, type: 'search', value: current, autocomplete: 'off' });
  return { control, element: h('div', { class: 'field' }, h('label', { for: id }, label), control) };
}

/**
 * GET /v1/portal/products?site&family&status&group&serviceTag&match&model&sort&cursor: the visible products, a
 * page at a time, searched and sorted, with the export of the same selection.
 */
export async function productsView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = await portalFrame(app, main, 'products', t('portal.sections.products'));
  if (!frame) return;
  const current = Object.fromEntries(
    FILTERS.map((name) => [name, url.searchParams.get(name) ?? '']),
  ) as Record<(typeof FILTERS)[number], string>;
  // Filters go as the URL has them (empty ones are left out); the API answers 400 or 404 to a wrong one.
  const selection = Object.fromEntries(
    Object.entries(current).filter(([, value]) => value !== ''),
  ) as QueryOf<'GET', '/v1/portal/products'>;
  const query = { ...selection, limit: 25 };
  const [summary, first] = await Promise.all([
    app.api('GET', '/v1/portal/summary'),
    app.api('GET', '/v1/portal/products', { query }),
  ]);
  const siteNames = new Map(summary.bySite.map((site) => [site.siteId, site.name]));

  const controls = {
    site: select(t('common.site'), 'site', current.site, [
      { value: '', label: t('products.allSites') },
      ...summary.bySite.map((site) => ({ value: site.siteId, label: site.name })),
    ]),
    family: select(t('common.productFamily'), 'family', current.family, [
      { value: '', label: t('products.allFamilies') },
      ...summary.byFamily.map((entry) => ({ value: entry.family, label: entry.family })),
    ]),
    status: select(t('common.supportStatusLabel'), 'status', current.status, [
      { value: '', label: t('products.anyStatus') },
      ...(Object.keys(STATUS_LABELS) as SupportStatus[]).map((status) => ({
        value: status,
        label: STATUS_LABELS[status],
      })),
    ]),
    group: select(t('products.group'), 'group', current.group, [
      { value: '', label: t('products.noGroup') },
      ...summary.groups.map((group) => ({ value: group.groupId, label: group.name })),
    ]),
    serviceTag: textField(t('common.serviceTag'), 'serviceTag', current.serviceTag),
    match: select(t('products.match'), 'match', current.match, [
      { value: '', label: t('products.beginsWith') },
      { value: 'exact', label: t('products.exactly') },
    ]),
    model: textField(t('products.modelBegins'), 'model', current.model),
    sort: select(t('products.sortBy'), 'sort', current.sort, [
      { value: '', label: t('common.serviceTag') },
      { value: 'supportEndDate', label: t('products.sortSoonest') },
      { value: '-supportEndDate', label: t('products.sortLatest') },
    ]),
  };
  const filters = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('products.filter') },
    Object.values(controls).map((control) => control.element),
    h('button', { type: 'submit', class: 'secondary' }, t('products.apply')),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    app.navigate(
      pathWithQuery(
        '/portal/products',
        Object.fromEntries(FILTERS.map((name) => [name, controls[name].control.value])),
      ),
    );
  });

  const row = (product: Product) =>
    h(
      'tr',
      {},
      h(
        'th',
        { scope: 'row' },
        h(
          'a',
          {
            href: `/portal/product?serviceTag=${encodeURIComponent(product.serviceTag)}`,
            'data-link': true,
          },
          product.serviceTag,
        ),
      ),
      h('td', {}, product.model),
      h('td', {}, product.family),
      h('td', {}, siteNames.get(product.siteId) ?? product.siteId),
      h('td', {}, formatDate(product.supportEndDate)),
      h(
        'td',
        {},
        h(
          'span',
          { class: `badge ${product.supportStatus.toLowerCase()}` },
          STATUS_LABELS[product.supportStatus],
        ),
      ),
    );
  const table = scrollingTable(
    t('portal.sections.products'),
    [
      t('common.serviceTag'),
      t('common.model'),
      t('products.family'),
      t('common.site'),
      t('common.supportEnds'),
      t('products.status'),
    ],
    first.items.map(row),
  );
  const more = moreButton(app, {
    label: t('products.more'),
    cursor: first.cursor,
    load: (cursor) => app.api('GET', '/v1/portal/products', { query: { ...query, cursor } }),
    append: (items) => {
      const rows = items.map(row);
      table.body.append(...rows);
      return rows;
    },
    shown: 'paging.products',
  });
  replace(
    frame.content,
    filters,
    exportButtons(app, selection),
    first.items.length ? table.element : h('p', {}, t('products.none')),
    more,
  );
}
