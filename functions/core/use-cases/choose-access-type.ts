import type { AccessType } from '../domain/account';
import { chooseAccessType as transition } from '../domain/onboarding';
import { ConflictError } from '../errors';
import { ConcurrentUpdateError } from '../ports';
import { accountView } from './account-view';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';

/**
 * Choose the access type. Main path: a verified, not yet active account records CUSTOMER_EMPLOYEE (next:
 * register the business) or PARTNER (next: the partner programme; stays LIMITED). It may change its mind
 * until the business account is active.
 * Failure paths: not verified → 403; already active → 409; a concurrent change → 409.
 */
export async function chooseAccessType(
  deps: Pick<Dependencies, 'accounts' | 'clock' | 'portalUrl'>,
  userId: string,
  accessType: AccessType,
) {
  const account = await loadAccount(deps, userId);
  const next = transition(account, accessType, deps.clock.now());
  await saveOrConflict(() => deps.accounts.saveAccount(next, account.revision));
  return accountView(next, deps.portalUrl);
}

export async function saveOrConflict(save: () => Promise<void>): Promise<void> {
  try {
    await save();
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'Your account was changed by another request. Reload and retry.',
      );
    }
    throw error;
  }
}
