import type { Account } from '../../functions/core/domain/account';
import type { Organization } from '../../functions/core/domain/organization';
import { ADA_CLAIMS } from './events';

/** Stored values for the signed-in handler tests; the account belongs to ADA_CLAIMS. */

export function storedAccount(overrides: Partial<Account> = {}): Account {
  return {
    userId: ADA_CLAIMS.sub,
    email: ADA_CLAIMS.email,
    emailDomain: 'acme.example',
    emailDomainKind: 'WORK',
    firstName: 'Ada',
    lastName: 'Lovelace',
    country: 'GB',
    state: 'CHOOSE_ACCESS_TYPE',
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:05:00.000Z',
    revision: 2,
    ...overrides,
  };
}

export function storedOrganization(overrides: Partial<Organization> = {}): Organization {
  return {
    organizationId: 'org-acme',
    name: 'Acme Industries',
    kind: 'CUSTOMER',
    status: 'ACTIVE',
    city: 'Berlin',
    country: 'DE',
    domains: ['acme.example'],
    ...overrides,
  };
}

export const REGISTRATION = {
  companyName: 'Acme Industries GmbH',
  jobTitle: 'Plant engineer',
  phone: '+49 30 1234567',
  address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115' },
  country: 'DE',
};
