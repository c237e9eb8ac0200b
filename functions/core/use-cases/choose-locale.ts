import type { Locale } from '../i18n/locale';
import { accountView } from './account-view';
import { saveOrConflict } from './choose-access-type';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';

/**
 * The person's language: every email to them from now on (docs/languages.md). Any account may change it, at
 * any step of the onboarding. Choosing the language it already has writes nothing.
 * Failure paths: no account → 404; suspended → 403; a concurrent change → 409.
 */
export async function chooseLocale(
  deps: Pick<Dependencies, 'accounts' | 'clock' | 'portalUrl'>,
  userId: string,
  locale: Locale,
) {
  const account = await loadAccount(deps, userId);
  if (account.locale === locale) return accountView(account, deps.portalUrl);
  const next = {
    ...account,
    locale,
    updatedAt: deps.clock.now().toISOString(),
    revision: account.revision + 1,
  };
  await saveOrConflict(() => deps.accounts.saveLocale(next, account.revision));
  return accountView(next, deps.portalUrl);
}
