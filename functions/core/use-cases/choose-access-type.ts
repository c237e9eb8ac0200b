import type { AccessType } from '../domain/account';
import { chooseAccessType as transition } from '../domain/onboarding';
import { matchOrganizations } from '../domain/organization';
import { ConflictError } from '../errors';
import { ConcurrentUpdateError } from '../ports';
import { accountView } from './account-view';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';
import * as problemDetails from '../i18n/details/compiled/index';

/**
 * Choose the access type. Main path: a verified, not yet active account records CUSTOMER_EMPLOYEE (next:
 * register the business) or PARTNER (next: the partner programme; stays LIMITED; linked to the partner
 * organization owning the work email's domain, found with the same index query as a customer's). It may change its mind
 * until the business account is active.
 * Failure paths: not verified → 403; already active → 409; a concurrent change → 409.
 */
export async function chooseAccessType(
  deps: Pick<Dependencies, 'accounts' | 'organizations' | 'clock' | 'portalUrl' | 'locale'>,
  userId: string,
  accessType: AccessType,
) {
  const account = await loadAccount(deps, userId);
  const partnerMatch =
    accessType === 'PARTNER' && account.emailDomainKind === 'WORK'
      ? matchOrganizations(await deps.organizations.findByEmailDomain(account.emailDomain), 'PARTNER')
      : undefined;
  const next = transition(account, accessType, deps.clock.now(), partnerMatch);
  await saveOrConflict(() => deps.accounts.saveAccount(next, account.revision));
  return accountView(next, deps);
}

export async function saveOrConflict(save: () => Promise<void>): Promise<void> {
  try {
    await save();
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'Your account was changed by another request. Reload and retry.',
      ).keyed(problemDetails.accountChangedReload);
    }
    throw error;
  }
}
