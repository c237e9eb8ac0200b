import type { App } from '../app';
import type { Counts } from '../api-types';
import { countryName } from '../countries';
import { formatDate, h, numberFormat, replace, uniqueId } from '../dom';
import { supportChart } from './chart';
import { portalFrame, scrollingTable } from './portal-frame';
import { t } from '../i18n';

function statCards(totals: Counts): HTMLElement {
  const card = (label: string, value: number, className: string) =>
    h('div', { class: `stat ${className}` }, h('dt', {}, label), h('dd', {}, numberFormat.format(value)));
  return h(
    'dl',
    { class: 'stats' },
    card(t('portal.sections.products'), totals.total, 'total'),
    card(t('summary.cards.active'), totals.active, 'active'),
    card(t('summary.cards.expiring'), totals.expiring, 'expiring'),
    card(t('summary.cards.expired'), totals.expired, 'expired'),
  );
}

/** GET /v1/portal/summary[?group]: counts by support status, family and site, and the member's groups. */
export async function summaryView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const frame = await portalFrame(app, main, 'summary', t('portal.sections.summary'));
  if (!frame) return;
  const group = url.searchParams.get('group') ?? undefined;
  const summary = await app.api('GET', '/v1/portal/summary', { query: { group } });

  const pickerId = uniqueId('summary-group');
  const picker = h(
    'select',
    { id: pickerId },
    h('option', { value: '' }, t('summary.allProducts')),
    summary.groups.map((entry) =>
      h(
        'option',
        { value: entry.groupId, selected: entry.groupId === group },
        t('summary.groupOption', { name: entry.name }),
      ),
    ),
  );
  const pickerForm = h(
    'form',
    { class: 'inline-form' },
    h('label', { for: pickerId }, t('summary.showCountsFor')),
    picker,
    h('button', { type: 'submit', class: 'secondary' }, t('summary.show')),
  );
  pickerForm.addEventListener('submit', (event) => {
    event.preventDefault();
    app.navigate(picker.value ? `/portal?group=${encodeURIComponent(picker.value)}` : '/portal');
  });

  const sites = scrollingTable(
    t('summary.bySiteCaption'),
    [
      t('common.site'),
      t('common.country'),
      t('portal.sections.products'),
      t('common.supportStatus.EXPIRING'),
      t('common.supportStatus.EXPIRED'),
    ],
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
      summary.group
        ? t('summary.asOfGroup', { group: summary.group.name, date: formatDate(summary.asOf) })
        : t('summary.asOf', { date: formatDate(summary.asOf) }),
      ' ',
      summary.scope.sites === 'ALL' && summary.scope.families === 'ALL'
        ? t('summary.seeAll')
        : t('summary.limited'),
    ),
    pickerForm,
    h(
      'section',
      { 'aria-labelledby': 'totals-heading' },
      h('h2', { id: 'totals-heading' }, t('common.supportStatusLabel')),
      statCards(summary.totals),
    ),
    h(
      'section',
      { 'aria-labelledby': 'families-heading' },
      h('h2', { id: 'families-heading' }, t('summary.byFamily')),
      summary.byFamily.length
        ? supportChart(
            t('summary.chartCaption'),
            summary.byFamily.map((entry) => ({ label: entry.family, counts: entry.counts })),
          )
        : h('p', {}, t('summary.noProducts')),
    ),
    h(
      'section',
      { 'aria-labelledby': 'sites-heading' },
      h('h2', { id: 'sites-heading' }, t('summary.bySite')),
      summary.bySite.length ? sites.element : h('p', {}, t('summary.noSites')),
    ),
  );
}
