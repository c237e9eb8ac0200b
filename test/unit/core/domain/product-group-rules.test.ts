import { describe, expect, it } from 'vitest';
import { countSites } from '../../../../functions/core/domain/portal-summary';
import { EVERYTHING, viewerScope } from '../../../../functions/core/domain/portal-visibility';
import {
  definitionProblems,
  effectiveGroupScope,
  NOT_A_VISIBLE_FAMILY,
  NOT_A_VISIBLE_PRODUCT,
  NOT_A_VISIBLE_SITE,
  productsInScope,
  visibleDefinition,
} from '../../../../functions/core/domain/product-group-rules';
import { aProduct, counts, siteCounters } from '../../portal.fixtures';

const SITES = [
  siteCounters({ siteId: 'MUC-1', name: 'Munich Plant' }, { PowerEdge: counts(2), Latitude: counts(1) }),
  siteCounters({ siteId: 'BER-1', name: 'Berlin Office' }, { PowerEdge: counts(3) }),
  siteCounters({ siteId: 'LYO-1', name: 'Lyon Lab', country: 'FR' }, { Precision: counts(4) }),
];
const TWO_SITES = {
  kind: 'FAMILIES_AT_SITES' as const,
  families: ['PowerEdge', 'Latitude'],
  sites: ['MUC-1', 'BER-1'],
};
/** A member who no longer sees Berlin. */
const WITHOUT_BERLIN = viewerScope('MEMBER', { sites: ['MUC-1', 'LYO-1'], families: 'ALL', revision: 2 });

describe('effectiveGroupScope', () => {
  it('shows a member everything the group covers while they see all of it', () => {
    const summary = countSites(SITES, effectiveGroupScope(EVERYTHING, TWO_SITES));

    expect(summary.totals.total).toBe(6);
    expect(summary.bySite.map((site) => site.siteId)).toEqual(['BER-1', 'MUC-1']);
  });

  it('drops a site the member lost from the group and from its Summary', () => {
    const summary = countSites(SITES, effectiveGroupScope(WITHOUT_BERLIN, TWO_SITES));

    expect(summary.totals.total).toBe(3);
    expect(summary.bySite.map((site) => site.siteId)).toEqual(['MUC-1']);
  });

  it('limits a FAMILIES group to its families at every site the viewer sees', () => {
    const scope = effectiveGroupScope(WITHOUT_BERLIN, { kind: 'FAMILIES', families: ['PowerEdge'] });

    expect(countSites(SITES, scope).totals.total).toBe(2);
  });

  it('leaves a PRODUCTS group to be filtered product by product', () => {
    expect(effectiveGroupScope(WITHOUT_BERLIN, { kind: 'PRODUCTS', serviceTags: ['A'] })).toEqual(
      WITHOUT_BERLIN,
    );
  });
});

describe('productsInScope', () => {
  it('keeps the listed products the viewer sees, in their order', () => {
    const products = [
      aProduct({ serviceTag: 'C', siteId: 'MUC-1' }),
      aProduct({ serviceTag: 'A', siteId: 'BER-1' }),
      aProduct({ serviceTag: 'B', siteId: 'LYO-1', family: 'Precision' }),
    ];

    expect(productsInScope(products, WITHOUT_BERLIN).map((product) => product.serviceTag)).toEqual([
      'C',
      'B',
    ]);
  });
});

describe('visibleDefinition', () => {
  it('shows only the sites and families the viewer sees, in the order of the definition', () => {
    const scope = viewerScope('MEMBER', { sites: ['BER-1'], families: ['Latitude'], revision: 1 });

    expect(visibleDefinition(TWO_SITES, scope)).toEqual({
      kind: 'FAMILIES_AT_SITES',
      families: ['Latitude'],
      sites: ['BER-1'],
    });
    expect(visibleDefinition({ kind: 'FAMILIES', families: ['PowerEdge', 'Latitude'] }, scope)).toEqual({
      kind: 'FAMILIES',
      families: ['Latitude'],
    });
  });

  it('shows only the listed products the viewer sees', () => {
    const definition = { kind: 'PRODUCTS' as const, serviceTags: ['A', 'B', 'C'] };

    expect(visibleDefinition(definition, WITHOUT_BERLIN, new Set(['C', 'A']))).toEqual({
      kind: 'PRODUCTS',
      serviceTags: ['A', 'C'],
    });
  });
});

describe('definitionProblems', () => {
  it('accepts a definition of things the owner sees', () => {
    expect(definitionProblems(TWO_SITES, { scope: EVERYTHING, sites: SITES })).toEqual([]);
  });

  it('names each unknown or invisible product with the same message', () => {
    const products = [
      aProduct({ serviceTag: 'SEEN', siteId: 'MUC-1' }),
      aProduct({ serviceTag: 'HIDDEN', siteId: 'BER-1' }),
    ];

    const problems = definitionProblems(
      { kind: 'PRODUCTS', serviceTags: ['SEEN', 'HIDDEN', 'SEEN-2', 'NOWHERE'] },
      { scope: WITHOUT_BERLIN, sites: SITES, products },
    );

    expect(problems).toEqual([
      { pointer: '/definition/serviceTags/1', detail: NOT_A_VISIBLE_PRODUCT },
      { pointer: '/definition/serviceTags/2', detail: NOT_A_VISIBLE_PRODUCT },
      { pointer: '/definition/serviceTags/3', detail: NOT_A_VISIBLE_PRODUCT },
    ]);
  });

  it('refuses a family known only at a site the owner cannot see, like an unknown one', () => {
    const scope = viewerScope('MEMBER', { sites: ['LYO-1'], families: 'ALL', revision: 1 });

    const problems = definitionProblems(
      { kind: 'FAMILIES', families: ['Precision', 'PowerEdge', 'Tablet'] },
      { scope, sites: SITES },
    );

    expect(problems).toEqual([
      { pointer: '/definition/families/1', detail: NOT_A_VISIBLE_FAMILY },
      { pointer: '/definition/families/2', detail: NOT_A_VISIBLE_FAMILY },
    ]);
  });

  it('refuses sites and families the owner cannot see in a FAMILIES_AT_SITES group', () => {
    const scope = viewerScope('MEMBER', { sites: ['MUC-1'], families: ['PowerEdge'], revision: 1 });

    const problems = definitionProblems(TWO_SITES, { scope, sites: SITES }, '/definition');

    expect(problems).toEqual([
      { pointer: '/definition/families/1', detail: NOT_A_VISIBLE_FAMILY },
      { pointer: '/definition/sites/1', detail: NOT_A_VISIBLE_SITE },
    ]);
  });
});
