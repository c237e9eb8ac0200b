import type { Account } from './account';

/**
 * The ID token claim that names the caller's organization, added by the pre-token-generation trigger when the
 * token is issued or refreshed (functions/auth/pre-token-generation.handler.ts). Only a hint, never an
 * authority: a portal read starts reading the organization it names beside the caller's account, and uses what
 * it read only when the account, read in the same round trip, says the same (docs/security.md).
 */
export const ORGANIZATION_CLAIM = 'portico:organization';

/** The claim's value for an account: its organization once the account is ACTIVE in one, else none. */
export function organizationClaimOf(
  account: Pick<Account, 'state' | 'organizationId'> | undefined,
): string | undefined {
  return account?.state === 'ACTIVE' && account.organizationId ? account.organizationId : undefined;
}
