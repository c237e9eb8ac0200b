import type { Account, BusinessRegistration } from '../../functions/core/domain/account';
import type { Organization } from '../../functions/core/domain/organization';
import type { RegisterBusinessInput } from '../../functions/core/use-cases/register-business';

/** Small builders: a valid value with only what a test cares about overridden. */

export function anAccount(overrides: Partial<Account> = {}): Account {
  return {
    userId: 'user-ada',
    email: 'ada@acme.example',
    emailDomain: 'acme.example',
    emailDomainKind: 'WORK',
    firstName: 'Ada',
    lastName: 'Lovelace',
    country: 'GB',
    state: 'CHOOSE_ACCESS_TYPE',
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:00:00.000Z',
    revision: 2,
    ...overrides,
  };
}

/** An account that may submit its business registration now. */
export function aCustomerEmployee(overrides: Partial<Account> = {}): Account {
  return anAccount({
    state: 'REGISTER_BUSINESS',
    accessType: 'CUSTOMER_EMPLOYEE',
    revision: 3,
    ...overrides,
  });
}

export function anOrganization(overrides: Partial<Organization> = {}): Organization {
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

export function aRegistrationInput(overrides: Partial<RegisterBusinessInput> = {}): RegisterBusinessInput {
  return {
    companyName: 'Acme Industries GmbH',
    jobTitle: 'Plant engineer',
    phone: '+49 30 1234567',
    address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115' },
    country: 'DE',
    ...overrides,
  };
}

export function aRegistration(overrides: Partial<BusinessRegistration> = {}): BusinessRegistration {
  return { ...aRegistrationInput(), submittedAt: '2025-03-03T09:00:00.000Z', ...overrides };
}
