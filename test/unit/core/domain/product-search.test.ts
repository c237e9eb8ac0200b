import { describe, expect, it } from 'vitest';
import type { Product } from '../../../../functions/core/domain/portal';
import {
  compareProducts,
  matchesSearch,
  modelKey,
  normalizeServiceTag,
  orderConflict,
} from '../../../../functions/core/domain/product-search';

function product(serviceTag: string, model: string, supportEndDate: string): Product {
  return { serviceTag, model, family: 'PowerEdge', siteId: 'MUC-1', supportEndDate, supportStatus: 'ACTIVE' };
}

describe('product search', () => {
  it('keeps service tags upper case and models in a lower-case, normalized key form', () => {
    expect(normalizeServiceTag('7xk2p93')).toBe('7XK2P93');
    expect(modelKey('PowerEdge R750')).toBe('poweredge r750');
    expect(modelKey('ＰｏｗｅｒＥｄｇｅ')).toBe('poweredge');
  });

  it('matches a service tag by prefix or exactly, and a model by prefix', () => {
    const server = product('ABC-123', 'PowerEdge R750', '2027-01-01');
    expect(matchesSearch(server, { serviceTag: { value: 'ABC', exact: false } })).toBe(true);
    expect(matchesSearch(server, { serviceTag: { value: 'ABC', exact: true } })).toBe(false);
    expect(matchesSearch(server, { serviceTag: { value: 'ABC-123', exact: true } })).toBe(true);
    expect(matchesSearch(server, { model: 'poweredge r7' })).toBe(true);
    expect(matchesSearch(server, { model: 'latitude' })).toBe(false);
    expect(matchesSearch(server, { serviceTag: { value: 'ABC', exact: false }, model: 'lat' })).toBe(false);
  });

  it('orders by end date either way (ties by tag), by tag, and a model search by model', () => {
    const list = [
      product('C-1', 'Alpha', '2026-05-01'),
      product('A-1', 'Zulu', '2026-05-01'),
      product('B-1', 'Mike', '2025-01-01'),
    ];
    const order = (sort: Parameters<typeof compareProducts>[0], search = {}) =>
      [...list].sort(compareProducts(sort, search)).map((entry) => entry.serviceTag);
    expect(order('supportEndDate')).toEqual(['B-1', 'A-1', 'C-1']);
    expect(order('-supportEndDate')).toEqual(['C-1', 'A-1', 'B-1']);
    expect(order('serviceTag')).toEqual(['A-1', 'B-1', 'C-1']);
    expect(order(undefined, { model: 'a' })).toEqual(['C-1', 'B-1', 'A-1']);
  });

  it('refuses an order that does not fit a search', () => {
    const tagSearch = { serviceTag: { value: 'AB', exact: false } };
    expect(orderConflict('supportEndDate', tagSearch)).toMatch(/service tag order/);
    expect(orderConflict('serviceTag', tagSearch)).toBeUndefined();
    expect(orderConflict('serviceTag', { model: 'power' })).toMatch(/model order/);
    expect(orderConflict('-supportEndDate', {})).toBeUndefined();
    expect(orderConflict(undefined, { model: 'power' })).toBeUndefined();
  });
});
