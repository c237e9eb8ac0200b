import type { Account } from '../../functions/core/domain/account';
import type { Organization } from '../../functions/core/domain/organization';
import type { OrganizationRequest } from '../../functions/core/domain/organization-request';
import { anAccount, anOrganization, aRegistrationInput, aRequestInReview } from '../unit/fixtures';
import { ADA_CLAIMS } from './events';

/** Stored values for the signed-in handler tests: the unit builders, with the account belonging to ADA_CLAIMS. */

export function storedAccount(overrides: Partial<Account> = {}): Account {
  return anAccount({
    userId: ADA_CLAIMS.sub,
    email: ADA_CLAIMS.email,
    updatedAt: '2025-03-01T08:05:00.000Z',
    ...overrides,
  });
}

export function storedOrganization(overrides: Partial<Organization> = {}): Organization {
  return anOrganization(overrides);
}

export const REGISTRATION = aRegistrationInput();

/** A valid body of POST /v1/organization-requests. */
export const ORGANIZATION_DETAILS = {
  legalName: 'Acme Industries GmbH',
  address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115' },
  country: 'DE',
  website: 'https://acme.example',
  phone: '+49 30 1234567',
};

/** A request id as the API issues them (a UUID). */
export const REQUEST_ID = '5d0c6a8e-1f2b-4c3d-9e4f-0a1b2c3d4e5f';

/** A request of the signed-in Ada under review (revision 1), with REQUEST_ID. */
export function storedRequest(overrides: Partial<OrganizationRequest> = {}): OrganizationRequest {
  const request = aRequestInReview({ requestId: REQUEST_ID, organizationId: `org-${REQUEST_ID}` });
  return {
    ...request,
    requesters: request.requesters.map((requester) => ({
      ...requester,
      userId: ADA_CLAIMS.sub,
      email: ADA_CLAIMS.email,
    })),
    ...overrides,
  };
}
