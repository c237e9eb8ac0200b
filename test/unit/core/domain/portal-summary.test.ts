import { describe, expect, it } from 'vitest';
import {
  countProducts,
  countSites,
  siteCountsIn,
  visibleFamilies,
} from '../../../../functions/core/domain/portal-summary';
import { EVERYTHING, viewerScope } from '../../../../functions/core/domain/portal-visibility';
import { aProduct, aSite, counts, siteCounters } from '../../portal.fixtures';

const MUNICH = siteCounters(
  { siteId: 'MUC-1', name: 'Munich Plant', country: 'DE' },
  { PowerEdge: counts(2, 1, 0), Latitude: counts(1, 0, 1) },
);
const BERLIN = siteCounters(
  { siteId: 'BER-1', name: 'Berlin Office', country: 'DE' },
  { PowerEdge: counts(0, 0, 3) },
);
const LYON = siteCounters({ siteId: 'LYO-1', name: 'Lyon Lab', country: 'FR' }, { Precision: counts(4) });
const SITES = [MUNICH, BERLIN, LYON];

describe('countSites', () => {
  it('counts everything by status, by site and by family, each listed by name', () => {
    const summary = countSites(SITES, EVERYTHING);

    expect(summary.totals).toEqual({ total: 12, active: 7, expiring: 1, expired: 4 });
    expect(summary.bySite).toEqual([
      {
        siteId: 'BER-1',
        name: 'Berlin Office',
        country: 'DE',
        counts: { total: 3, active: 0, expiring: 0, expired: 3 },
      },
      {
        siteId: 'LYO-1',
        name: 'Lyon Lab',
        country: 'FR',
        counts: { total: 4, active: 4, expiring: 0, expired: 0 },
      },
      {
        siteId: 'MUC-1',
        name: 'Munich Plant',
        country: 'DE',
        counts: { total: 5, active: 3, expiring: 1, expired: 1 },
      },
    ]);
    expect(summary.byFamily).toEqual([
      { family: 'Latitude', counts: { total: 2, active: 1, expiring: 0, expired: 1 } },
      { family: 'PowerEdge', counts: { total: 6, active: 2, expiring: 1, expired: 3 } },
      { family: 'Precision', counts: { total: 4, active: 4, expiring: 0, expired: 0 } },
    ]);
  });

  it('counts only the allowed sites and families, and the totals agree with both lists', () => {
    const scope = { sites: new Set(['MUC-1', 'BER-1']), families: new Set(['PowerEdge']) };

    const summary = countSites(SITES, scope);

    expect(summary.totals).toEqual({ total: 6, active: 2, expiring: 1, expired: 3 });
    expect(summary.bySite.map((site) => [site.siteId, site.counts.total])).toEqual([
      ['BER-1', 3],
      ['MUC-1', 3],
    ]);
    expect(summary.byFamily.map((entry) => entry.family)).toEqual(['PowerEdge']);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(summary.bySite.map((site) => site.counts.total))).toBe(summary.totals.total);
    expect(sum(summary.byFamily.map((entry) => entry.counts.total))).toBe(summary.totals.total);
  });

  it('lists a visible site without products in scope with zero counts, but no empty family', () => {
    const emptied = siteCounters({ siteId: 'HAM-1', name: 'Hamburg Depot' }, { Optiplex: counts(0) });

    const summary = countSites([emptied], EVERYTHING);

    expect(summary.bySite).toEqual([
      {
        siteId: 'HAM-1',
        name: 'Hamburg Depot',
        country: 'DE',
        counts: { total: 0, active: 0, expiring: 0, expired: 0 },
      },
    ]);
    expect(summary.byFamily).toEqual([]);
  });

  it('counts nothing for an empty allow list', () => {
    const summary = countSites(SITES, { sites: new Set(), families: 'ALL' });

    expect(summary).toEqual({
      totals: { total: 0, active: 0, expiring: 0, expired: 0 },
      bySite: [],
      byFamily: [],
    });
  });

  it('orders sites of the same name by siteId', () => {
    const a = siteCounters({ siteId: 'B', name: 'Depot' });
    const b = siteCounters({ siteId: 'A', name: 'Depot' });

    expect(countSites([a, b], EVERYTHING).bySite.map((site) => site.siteId)).toEqual(['A', 'B']);
  });
});

describe('countProducts', () => {
  it('counts the listed products one by one, listing only the sites that hold them', () => {
    const products = [
      aProduct({ serviceTag: 'A', siteId: 'MUC-1', family: 'PowerEdge', supportStatus: 'ACTIVE' }),
      aProduct({ serviceTag: 'B', siteId: 'MUC-1', family: 'Latitude', supportStatus: 'EXPIRED' }),
      aProduct({ serviceTag: 'C', siteId: 'LYO-1', family: 'PowerEdge', supportStatus: 'EXPIRING' }),
    ];

    const summary = countProducts(products, SITES);

    expect(summary.totals).toEqual({ total: 3, active: 1, expiring: 1, expired: 1 });
    expect(summary.bySite).toEqual([
      {
        siteId: 'LYO-1',
        name: 'Lyon Lab',
        country: 'FR',
        counts: { total: 1, active: 0, expiring: 1, expired: 0 },
      },
      {
        siteId: 'MUC-1',
        name: 'Munich Plant',
        country: 'DE',
        counts: { total: 2, active: 1, expiring: 0, expired: 1 },
      },
    ]);
    expect(summary.byFamily).toEqual([
      { family: 'Latitude', counts: { total: 1, active: 0, expiring: 0, expired: 1 } },
      { family: 'PowerEdge', counts: { total: 2, active: 1, expiring: 1, expired: 0 } },
    ]);
  });

  it('counts nothing for no products', () => {
    expect(countProducts([], SITES).totals).toEqual({ total: 0, active: 0, expiring: 0, expired: 0 });
  });
});

describe('siteCountsIn', () => {
  it("counts a site's products of the families in scope", () => {
    expect(siteCountsIn(MUNICH, { sites: 'ALL', families: new Set(['Latitude']) })).toEqual({
      total: 2,
      active: 1,
      expiring: 0,
      expired: 1,
    });
  });
});

describe('visibleFamilies', () => {
  it('knows a family only through a site the viewer sees', () => {
    const member = viewerScope('MEMBER', { sites: ['LYO-1'], families: 'ALL', revision: 1 });

    expect([...visibleFamilies(SITES, member)]).toEqual(['Precision']);
    expect([...visibleFamilies(SITES, EVERYTHING)].sort()).toEqual(['Latitude', 'PowerEdge', 'Precision']);
  });

  it('ignores sites without counters', () => {
    expect(visibleFamilies([{ ...aSite(), families: {} }], EVERYTHING).size).toBe(0);
  });
});
