import type { Account } from '../../functions/core/domain/account';
import type { Organization } from '../../functions/core/domain/organization';
import { anAccount, anOrganization, aRegistrationInput } from '../unit/fixtures';
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
