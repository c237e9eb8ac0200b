/**
 * Northland Health's inventory: the second tenant of the cross-tenant tests (test/integration/portal.test.ts and
 * test/resilience/authorization-matrix.test.ts), imported by an operator. Its ids and its one family are its
 * own, so any of them in another tenant's answer is a leak.
 */
export const NORTHLAND_SITES = [
  {
    siteId: 'NH-HQ',
    name: 'Northland Health HQ',
    address: '1 Hospital Road',
    city: 'Northport',
    country: 'CA',
  },
  { siteId: 'NH-DEPOT', name: 'Northland Depot', address: '9 Depot Lane', city: 'Ridgeville', country: 'CA' },
];

export const NORTHLAND_ONLY_FAMILY = 'Rugged Tablet';

export const NORTHLAND_PRODUCTS = Array.from({ length: 6 }, (_, index) => ({
  serviceTag: `NH-${String(index + 1).padStart(4, '0')}`,
  model: index % 2 ? 'RT-200' : 'PowerEdge R760',
  family: index % 2 ? NORTHLAND_ONLY_FAMILY : 'PowerEdge',
  siteId: NORTHLAND_SITES[index % 2]!.siteId,
  supportEndDate: `${2027 + index}-06-30`,
}));
