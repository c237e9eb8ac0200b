import { organizationClaimOf } from '../domain/organization-claim';
import type { AccountStore } from '../ports';

/**
 * The organization an ID token being issued (or refreshed) may name in its `portico:organization` claim: the
 * caller's organization once their account is ACTIVE in one (domain/organization-claim.ts), read with one
 * GetItem. No account, an account not yet active, an operator: none.
 * Failure paths: the read fails or outlasts `deadlineMs` → OrganizationClaimUnavailableError. The trigger that
 * calls this (functions/auth/pre-token-generation.handler.ts) then issues the token without the claim: it is a
 * hint the API never trusts without reading the account (docs/security.md), so a token without it only costs
 * its reads one more round trip, while a trigger that fails stops the sign-in itself.
 */

export interface OrganizationClaimDependencies {
  readonly accounts: Pick<AccountStore, 'getAccount'>;
  /** The longest the read may take: Cognito fails the sign-in when its trigger takes more than 5 s. */
  readonly deadlineMs: number;
}

export class OrganizationClaimUnavailableError extends Error {
  override readonly name = 'OrganizationClaimUnavailableError';
}

export async function organizationClaim(
  deps: OrganizationClaimDependencies,
  userId: string | undefined,
): Promise<string | undefined> {
  if (!userId) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OrganizationClaimUnavailableError(`the account read took over ${deps.deadlineMs} ms`)),
      deps.deadlineMs,
    );
  });
  try {
    return organizationClaimOf(await Promise.race([deps.accounts.getAccount(userId), deadline]));
  } catch (error) {
    if (error instanceof OrganizationClaimUnavailableError) throw error;
    throw new OrganizationClaimUnavailableError('the account could not be read', { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
