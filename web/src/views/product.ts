import type { App } from '../app';
import { ApiProblem } from '../api';
import { formatDate, h, replace } from '../dom';
import { portalFrame, STATUS_LABELS } from './portal-frame';

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
  const frame = await portalFrame(app, main, 'products', `Product ${serviceTag}`);
  if (!frame) return;
  let product;
  try {
    product = await app.api('GET', '/v1/portal/products/{serviceTag}', { path: { serviceTag } });
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) {
      replace(
        frame.content,
        h('p', { class: 'notice' }, `No product ${serviceTag} that you can see.`),
        h('p', {}, h('a', { href: '/portal/products', 'data-link': true }, 'All products')),
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
      ` ${text}`,
      product.supportStatus === status ? h('strong', {}, ' (now)') : null,
    );
  const facts: [string, Node | string][] = [
    ['Service tag', product.serviceTag],
    ['Model', product.model],
    ['Product family', product.family],
    [
      'Site',
      h(
        'a',
        { href: `/portal/products?site=${encodeURIComponent(product.siteId)}`, 'data-link': true },
        site ? `${site.name} (${site.country})` : product.siteId,
      ),
    ],
    ['Support ends', formatDate(product.supportEndDate)],
    ['Support status', STATUS_LABELS[product.supportStatus]],
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
      h('h2', {}, 'Support timeline'),
      h(
        'ol',
        { class: 'timeline' },
        step('ACTIVE', `until ${formatDate(addDays(expiringFrom, -1))}`),
        step('EXPIRING', `from ${formatDate(expiringFrom)} to ${formatDate(product.supportEndDate)}`),
        step('EXPIRED', `from ${formatDate(expiredFrom)}`),
      ),
    ),
    h('p', {}, h('a', { href: '/portal/products', 'data-link': true }, 'All products')),
  );
}
