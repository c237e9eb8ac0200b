import type { Account, BusinessRegistration } from '../../functions/core/domain/account';
import type { Organization } from '../../functions/core/domain/organization';
import {
  newOrganizationRequest,
  type Operator,
  type OrganizationDetails,
  type OrganizationRequest,
} from '../../functions/core/domain/organization-request';
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

export function organizationDetails(overrides: Partial<OrganizationDetails> = {}): OrganizationDetails {
  return {
    legalName: 'Acme Industries GmbH',
    address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115' },
    country: 'DE',
    website: 'https://acme.example',
    phone: '+49 30 1234567',
    ...overrides,
  };
}

/** An account that has registered and found no organization owning its domain. */
export function anOrganizationSeeker(overrides: Partial<Account> = {}): Account {
  return aCustomerEmployee({
    state: 'ORGANIZATION_REQUIRED',
    registration: aRegistration(),
    revision: 4,
    ...overrides,
  });
}

/** An account waiting for the review of `requestId`. */
export function aWaitingRequester(requestId: string, overrides: Partial<Account> = {}): Account {
  return anOrganizationSeeker({
    state: 'PENDING_ORGANIZATION',
    organizationRequestId: requestId,
    revision: 5,
    ...overrides,
  });
}

export const OPERATOR: Operator = { userId: 'user-grace', email: 'grace@portico.example' };

/** A submitted request of `ada@acme.example` (revision 0 unless overridden). */
export function anOrganizationRequest(overrides: Partial<OrganizationRequest> = {}): OrganizationRequest {
  return {
    ...newOrganizationRequest(
      overrides.requestId ?? 'req-00000001',
      anOrganizationSeeker(),
      organizationDetails(),
      new Date('2025-03-03T09:00:00.000Z'),
    ),
    workflowStarts: 1,
    ...overrides,
  };
}

/** A request under review since `2025-03-03T09:00Z` (a Monday): escalated on Wednesday, expiring on Thursday. */
export function aRequestInReview(overrides: Partial<OrganizationRequest> = {}): OrganizationRequest {
  return anOrganizationRequest({
    stage: 'IN_REVIEW',
    escalateAt: '2025-03-05T09:00:00.000Z',
    expiresAt: '2025-03-06T09:00:00.000Z',
    revision: 1,
    ...overrides,
  });
}
