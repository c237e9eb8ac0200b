import type { App } from '../app';
import type { Counts } from '../api-types';
import { countryName } from '../countries';
import { formatDate, h, numberFormat, replace, uniqueId } from '../dom';
import { supportChart } from './chart';
import { portalFrame, scrollingTable } from './portal-frame';

function statCards(totals: Counts): HTMLElement {
  const card = (label: string, value: number, className: string) =>
    h('div', { class: `stat ${className}` }, h('dt', {}, label), h('dd', {}, numberFormat.format(value)));
  return h(
    'dl',
    { class: 'stats' },
    card('Products', totals.total, 'total'),
    card('Active support', totals.active, 'active'),
    card('Expiring within 90 days', totals.expiring, 'expiring'),
    card('Support expired', totals.expired, 'expired'),
  );
}

/** GET /v1/portal/summary[?group]: counts by support status, family and site, and the member's groups. */
export async function summaryView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = await portalFrame(app, main, 'summary', 'Summary');
  if (!frame) return;
  const group = url.searchParams.get('group') ?? undefined;
  const summary = await app.api('GET', '/v1/portal/summary', { query: { group } });

  const pickerId = uniqueId('summary-group');
  const picker = h(
    'select',
    { id: pickerId },
    h('option', { value: '' }, 'All products you can see'),
    summary.groups.map((entry) =>
      h('option', { value: entry.groupId, selected: entry.groupId === group }, `Group: ${entry.name}`),
    ),
  );
  const pickerForm = h(
    'form',
    { class: 'inline-form' },
    h('label', { for: pickerId }, 'Show counts for'),
    picker,
    h('button', { type: 'submit', class: 'secondary' }, 'Show'),
  );
  pickerForm.addEventListener('submit', (event) => {
    event.preventDefault();
    app.navigate(picker.value ? `/portal?group=${encodeURIComponent(picker.value)}` : '/portal');
  });

  const sites = scrollingTable(
    'Products by site',
    ['Site', 'Country', 'Products', 'Expiring', 'Expired'],
    summary.bySite.map((site) =>
      h(
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
        h('td', {}, countryName(site.country)),
        h('td', { class: 'number' }, numberFormat.format(site.counts.total)),
        h('td', { class: 'number' }, numberFormat.format(site.counts.expiring)),
        h('td', { class: 'number' }, numberFormat.format(site.counts.expired)),
      ),
    ),
  );

  replace(
    frame.content,
    h(
      'p',
      {},
      summary.group ? `Group “${summary.group.name}”, ` : '',
      `as of ${formatDate(summary.asOf)}. `,
      summary.scope.sites === 'ALL' && summary.scope.families === 'ALL'
        ? 'You see every site and product family.'
        : 'Your administrator limits which sites and product families you see.',
    ),
    pickerForm,
    h(
      'section',
      { 'aria-labelledby': 'totals-heading' },
      h('h2', { id: 'totals-heading' }, 'Support status'),
      statCards(summary.totals),
    ),
    h(
      'section',
      { 'aria-labelledby': 'families-heading' },
      h('h2', { id: 'families-heading' }, 'By product family'),
      summary.byFamily.length
        ? supportChart(
            'Products per family, by support status',
            summary.byFamily.map((entry) => ({ label: entry.family, counts: entry.counts })),
          )
        : h('p', {}, 'No products yet.'),
    ),
    h(
      'section',
      { 'aria-labelledby': 'sites-heading' },
      h('h2', { id: 'sites-heading' }, 'By site'),
      summary.bySite.length ? sites.element : h('p', {}, 'No sites yet.'),
    ),
  );
}
