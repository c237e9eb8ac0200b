import { describe, expect, it } from 'vitest';
import {
  MAX_PAIR_SEGMENTS,
  planProductSegments,
} from '../../../../functions/core/adapters/dynamodb/product-query-plan';

const ORG = 'org-acme';

describe('planProductSegments', () => {
  it('reads the organization’s products from the table when nothing is restricted', () => {
    expect(planProductSegments(ORG, { sites: 'ALL', families: 'ALL' })).toEqual([
      { partition: 'ORG#org-acme', sortPrefix: 'PRODUCT#' },
    ]);
  });

  it('reads one byFamily partition per family, in sorted order, when only families are restricted', () => {
    expect(planProductSegments(ORG, { sites: 'ALL', families: new Set(['PowerStore', 'Latitude']) })).toEqual(
      [
        { index: 'byFamily', partition: 'FAMILY#org-acme#Latitude', sortPrefix: '', family: 'Latitude' },
        { index: 'byFamily', partition: 'FAMILY#org-acme#PowerStore', sortPrefix: '', family: 'PowerStore' },
      ],
    );
  });

  it('reads one byCollection partition per site when only sites are restricted', () => {
    expect(planProductSegments(ORG, { sites: new Set(['PAR-1', 'MUC-1']), families: 'ALL' })).toEqual([
      { index: 'byCollection', partition: 'SITEPRODUCTS#org-acme#MUC-1', sortPrefix: '', site: 'MUC-1' },
      { index: 'byCollection', partition: 'SITEPRODUCTS#org-acme#PAR-1', sortPrefix: '', site: 'PAR-1' },
    ]);
  });

  it('reads each (site, family) pair by its sort key prefix when there are few pairs', () => {
    const segments = planProductSegments(ORG, {
      sites: new Set(['PAR-1', 'MUC-1']),
      families: new Set(['PowerStore', 'Latitude']),
    });

    expect(segments).toEqual([
      {
        index: 'byCollection',
        partition: 'SITEPRODUCTS#org-acme#MUC-1',
        sortPrefix: 'Latitude#',
        site: 'MUC-1',
        family: 'Latitude',
      },
      {
        index: 'byCollection',
        partition: 'SITEPRODUCTS#org-acme#MUC-1',
        sortPrefix: 'PowerStore#',
        site: 'MUC-1',
        family: 'PowerStore',
      },
      {
        index: 'byCollection',
        partition: 'SITEPRODUCTS#org-acme#PAR-1',
        sortPrefix: 'Latitude#',
        site: 'PAR-1',
        family: 'Latitude',
      },
      {
        index: 'byCollection',
        partition: 'SITEPRODUCTS#org-acme#PAR-1',
        sortPrefix: 'PowerStore#',
        site: 'PAR-1',
        family: 'PowerStore',
      },
    ]);
  });

  it("orders a site's pairs as its sort keys: by `<family>#`, so 'Power Edge' comes before 'Power'", () => {
    const segments = planProductSegments(ORG, {
      sites: new Set(['PAR-1']),
      families: new Set(['Power', 'Power Edge', 'PowerStore']),
    });

    // ' ' sorts before '#', which sorts before 'S'.
    expect(segments.map((segment) => segment.sortPrefix)).toEqual(['Power Edge#', 'Power#', 'PowerStore#']);
  });

  it(`reads each site once with a family filter above ${MAX_PAIR_SEGMENTS} pairs`, () => {
    // 11 × 10 = 110 pairs.
    const sites = new Set(Array.from({ length: 11 }, (_, index) => `S${String(index).padStart(2, '0')}`));
    const families = new Set(Array.from({ length: 10 }, (_, index) => `F${index}`));

    const segments = planProductSegments(ORG, { sites, families });

    expect(segments).toHaveLength(11);
    expect(segments[0]).toEqual({
      index: 'byCollection',
      partition: 'SITEPRODUCTS#org-acme#S00',
      sortPrefix: '',
      families: [...families],
      site: 'S00',
    });
  });

  it('plans nothing for an empty allow list', () => {
    expect(planProductSegments(ORG, { sites: new Set(), families: 'ALL' })).toEqual([]);
    expect(planProductSegments(ORG, { sites: 'ALL', families: new Set() })).toEqual([]);
    expect(planProductSegments(ORG, { sites: new Set(['S1']), families: new Set() })).toEqual([]);
  });
});
