import type { Account } from '../domain/account';
import { nextStepOf } from '../domain/onboarding';
import { ForbiddenError } from '../errors';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';

export interface PortalMember {
  readonly account: Account;
  readonly organizationId: string;
}

/**
 * Every portal route goes through this: the caller's organization comes from their own account (never from
 * the request), and only an ACTIVE business account gets in.
 */
export async function requirePortalMember(
  deps: Pick<Dependencies, 'accounts'>,
  userId: string,
): Promise<PortalMember> {
  const account = await loadAccount(deps, userId);
  if (account.state !== 'ACTIVE' || !account.organizationId) {
    throw new ForbiddenError(
      'business-account-required',
      'The portal opens once your business account is active.',
      { state: account.state, nextStep: nextStepOf(account.state) },
    );
  }
  return { account, organizationId: account.organizationId };
}
