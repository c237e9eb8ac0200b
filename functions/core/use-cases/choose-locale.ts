import type { Locale } from '../i18n/locale';
import { accountView } from './account-view';
import { saveOrConflict } from './choose-access-type';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';
import { withIdentity } from './code-delivery';

/**
 * The person's language: every email to them from now on (docs/languages.md). Any account may change it, at
 * any step of the onboarding. Choosing the language it already has writes nothing to the table. The account
 * is written first, then Cognito's `locale` attribute (the ID token's `locale` claim, which problem details
 * follow): always, so that a retry after Cognito failed sets it.
 * Failure paths: no account → 404; suspended → 403; a concurrent change → 409; Cognito unavailable → 503
 * (the account already speaks the new language; the retry sets the claim).
 */
export async function chooseLocale(
  deps: Pick<Dependencies, 'accounts' | 'clock' | 'portalUrl' | 'identity'>,
  userId: string,
  locale: Locale,
) {
  const account = await loadAccount(deps, userId);
  if (account.locale === locale) {
    await withIdentity(() => deps.identity.setLocale(userId, locale));
    return accountView(account, { portalUrl: deps.portalUrl, locale });
  }
  const next = {
    ...account,
    locale,
    updatedAt: deps.clock.now().toISOString(),
    revision: account.revision + 1,
  };
  await saveOrConflict(() => deps.accounts.saveLocale(next, account.revision));
  await withIdentity(() => deps.identity.setLocale(userId, locale));
  // The answer speaks the language just chosen.
  return accountView(next, { portalUrl: deps.portalUrl, locale });
}
