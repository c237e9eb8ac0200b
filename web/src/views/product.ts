import type { App } from '../app';
import { ApiProblem } from '../api';
import { formatDate, h, replace } from '../dom';
import { portalFrame, STATUS_LABELS } from './portal-frame';
import { t } from '../i18n';

const DAY_MS = 86_400_000;
/** EXPIRING begins this many days before the end date (functions/core/domain/portal.ts). */
const EXPIRING_WITHIN_DAYS = 90;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * `/portal/product?serviceTag=…`: everything known about one product (GET /v1/portal/products/{serviceTag}) and
 * its support timeline: active, expiring from 90 days before the end date, expired the day after it.
 */
export async function productView(app: App, main: HTMLElement, url: URL): Promise<void> {
  const serviceTag = url.searchParams.get('serviceTag') ?? '';
  const frame = await portalFrame(app, main, 'products', t('product.title', { serviceTag }));
  if (!frame) return;
  let product;
  try {
    product = await app.api('GET', '/v1/portal/products/{serviceTag}', { path: { serviceTag } });
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) {
      replace(
        frame.content,
        h('p', { class: 'notice' }, t('product.notFound', { serviceTag })),
        h('p', {}, h('a', { href: '/portal/products', 'data-link': true }, t('product.all'))),
      );
      return;
    }
    throw error;
  }
  const summary = await app.api('GET', '/v1/portal/summary');
  const site = summary.bySite.find((entry) => entry.siteId === product.siteId);
  const expiringFrom = addDays(product.supportEndDate, -EXPIRING_WITHIN_DAYS);
  const expiredFrom = addDays(product.supportEndDate, 1);
  const step = (status: keyof typeof STATUS_LABELS, text: string) =>
    h(
      'li',
      { 'aria-current': product.supportStatus === status ? 'step' : undefined },
      h('span', { class: `badge ${status.toLowerCase()}` }, STATUS_LABELS[status]),
      ' ',
      text,
      product.supportStatus === status ? [' ', h('strong', {}, t('product.now'))] : null,
    );
  const facts: [string, Node | string][] = [
    [t('common.serviceTag'), product.serviceTag],
    [t('common.model'), product.model],
    [t('common.productFamily'), product.family],
    [
      t('common.site'),
      h(
        'a',
        { href: `/portal/products?site=${encodeURIComponent(product.siteId)}`, 'data-link': true },
        site ? t('product.site', { name: site.name, country: site.country }) : product.siteId,
      ),
    ],
    [t('common.supportEnds'), formatDate(product.supportEndDate)],
    [t('common.supportStatusLabel'), STATUS_LABELS[product.supportStatus]],
  ];
  replace(
    frame.content,
    h(
      'dl',
      { class: 'facts' },
      facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    h(
      'section',
      {},
      h('h2', {}, t('product.timeline')),
      h(
        'ol',
        { class: 'timeline' },
        step('ACTIVE', t('product.until', { date: formatDate(addDays(expiringFrom, -1)) })),
        step(
          'EXPIRING',
          t('product.fromTo', { from: formatDate(expiringFrom), to: formatDate(product.supportEndDate) }),
        ),
        step('EXPIRED', t('product.from', { date: formatDate(expiredFrom) })),
      ),
    ),
    h('p', {}, h('a', { href: '/portal/products', 'data-link': true }, t('product.all'))),
  );
}
