import type { Account } from '../domain/account';
import { NotFoundError } from '../errors';
import { accountView } from './account-view';
import type { Dependencies } from './dependencies';

export async function loadAccount(deps: Pick<Dependencies, 'accounts'>, userId: string): Promise<Account> {
  const account = await deps.accounts.getAccount(userId);
  if (!account) throw new NotFoundError('No Portico account belongs to this sign-in. Sign up first.');
  return account;
}

/** The caller's account, its state, next step and access level: where to resume. */
export async function getAccount(deps: Pick<Dependencies, 'accounts' | 'portalUrl'>, userId: string) {
  return accountView(await loadAccount(deps, userId), deps.portalUrl);
}
