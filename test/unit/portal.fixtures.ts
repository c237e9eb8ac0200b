import type { Account } from '../../functions/core/domain/account';
import type { Product, Site, SiteCounters, StatusCounts } from '../../functions/core/domain/portal';
import type { ProductGroup, ProductGroupDefinition } from '../../functions/core/domain/product-group';
import type { PortalMember } from '../../functions/core/use-cases/portal-access';
import { aCustomerEmployee } from './fixtures';

/** Builders for the portal's tests: a valid value with only what a test cares about overridden. */

export function aSite(overrides: Partial<Site> = {}): Site {
  return {
    siteId: 'MUC-1',
    name: 'Munich Plant',
    address: 'Werkstrasse 1',
    city: 'Munich',
    country: 'DE',
    ...overrides,
  };
}

export function counts(active: number, expiring = 0, expired = 0): StatusCounts {
  return { ACTIVE: active, EXPIRING: expiring, EXPIRED: expired };
}

export function siteCounters(
  site: Partial<Site>,
  families: Readonly<Record<string, StatusCounts>> = {},
): SiteCounters {
  return { ...aSite(site), families };
}

export function aProduct(overrides: Partial<Product> = {}): Product {
  return {
    serviceTag: 'SVC-0001',
    model: 'PowerEdge R760',
    family: 'PowerEdge',
    siteId: 'MUC-1',
    supportEndDate: '2027-06-30',
    supportStatus: 'ACTIVE',
    ...overrides,
  };
}

export function aGroup(
  definition: ProductGroupDefinition,
  overrides: Partial<ProductGroup> = {},
): ProductGroup {
  return {
    groupId: 'grp-0000000000000001',
    organizationId: 'org-acme',
    ownerId: 'user-ada',
    name: 'Lab servers',
    shared: false,
    definition,
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:00:00.000Z',
    revision: 0,
    ...overrides,
  };
}

/** An ACTIVE account of Acme. */
export function anActiveMember(overrides: Partial<Account> = {}): Account {
  return aCustomerEmployee({
    state: 'ACTIVE',
    organizationId: 'org-acme',
    organizationName: 'Acme Industries',
    role: 'MEMBER',
    ...overrides,
  });
}

export function portalMemberOf(account: Account): PortalMember {
  if (!account.organizationId) throw new Error(`account ${account.userId} has no organization`);
  return { account, organizationId: account.organizationId };
}
