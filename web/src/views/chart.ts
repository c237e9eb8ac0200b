import type { Counts } from '../api-types';
import { h, numberFormat } from '../dom';
import { t, type MessageKey } from '../i18n';

const SVG = 'http://www.w3.org/2000/svg';
const SEGMENTS: readonly { key: 'active' | 'expiring' | 'expired'; label: MessageKey; className: string }[] =
  [
    { key: 'active', label: 'chart.active', className: 'active' },
    { key: 'expiring', label: 'chart.expiring', className: 'expiring' },
    { key: 'expired', label: 'chart.expired', className: 'expired' },
  ];

function describe(counts: Counts): string {
  return SEGMENTS.map((segment) =>
    t('chart.count', { count: numberFormat.format(counts[segment.key]), status: t(segment.label) }),
  ).join(t('common.listSeparator'));
}

/**
 * A bar per row, split by support status, drawn as SVG; each bar is an image whose name says its numbers, so
 * the chart reads the same without sight. Bars are scaled to the largest total.
 */
export function supportChart(
  caption: string,
  rows: readonly { label: string; counts: Counts }[],
): HTMLElement {
  const largest = Math.max(1, ...rows.map((row) => row.counts.total));
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, caption),
    h(
      'ul',
      { class: 'legend', 'aria-hidden': 'true' },
      SEGMENTS.map((segment) =>
        h('li', {}, h('span', { class: `swatch ${segment.className}` }), t(segment.label)),
      ),
    ),
    h(
      'ul',
      { class: 'bars' },
      rows.map((row) => {
        const svg = document.createElementNS(SVG, 'svg');
        svg.setAttribute('viewBox', '0 0 100 10');
        svg.setAttribute('preserveAspectRatio', 'none');
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', t('chart.bar', { label: row.label, counts: describe(row.counts) }));
        let x = 0;
        for (const segment of SEGMENTS) {
          const width = (row.counts[segment.key] / largest) * 100;
          if (width <= 0) continue;
          const rect = document.createElementNS(SVG, 'rect');
          rect.setAttribute('x', String(x));
          rect.setAttribute('y', '0');
          rect.setAttribute('width', String(width));
          rect.setAttribute('height', '10');
          rect.setAttribute('class', segment.className);
          svg.appendChild(rect);
          x += width;
        }
        return h(
          'li',
          {},
          h(
            'span',
            { class: 'bar-label' },
            h('span', {}, row.label),
            h('span', { class: 'bar-total' }, numberFormat.format(row.counts.total)),
          ),
          svg,
        );
      }),
    ),
  );
}
