import { startApp, type App, type View } from './app';
import { groupsOf, OPERATORS_GROUP } from './auth';
import { loadConfig } from './config';
import { h, replace } from './dom';
import { initialLocale, setLocale, t } from './i18n';
import { accountView } from './views/account';
import { auditLogView } from './views/audit-log';
import { groupsView } from './views/groups';
import { membersView } from './views/members';
import { invitationAcceptView } from './views/invitations';
import { onboardingView } from './views/onboarding';
import { operatorDirectoryView, operatorOrganizationView } from './views/operator-directory';
import { operatorImportsView } from './views/operator-imports';
import { operatorQueueView } from './views/operator-queue';
import { operatorRequestView } from './views/operator-request';
import { productsView } from './views/products';
import { productView } from './views/product';
import { settingsView } from './views/settings';
import { forgotPasswordView, resetPasswordView } from './views/password-reset';
import { signInView } from './views/sign-in';
import { signUpView } from './views/sign-up';
import { sitesView } from './views/sites';
import { summaryView } from './views/summary';
import { unsubscribeView } from './views/support-digest';
import { verifyView } from './views/verify';

/** Views that need a signed-in person; without a session they send to the sign-in page. */
function signedIn(view: View): View {
  return (app: App, main, url) => {
    if (!app.session()) {
      app.navigate('/signin', { replace: true });
      return;
    }
    return view(app, main, url);
  };
}

/** Start: the sign-in page, or where the account resumes. */
const home: View = async (app) => {
  if (!app.session()) {
    app.navigate('/signin', { replace: true });
    return;
  }
  // Support operators work in their console (they need no Portico account of their own).
  if (groupsOf(app.session()).includes(OPERATORS_GROUP)) {
    app.navigate('/operator', { replace: true });
    return;
  }
  const account = await app.account({ fresh: true });
  app.navigate(account.state === 'ACTIVE' ? '/portal' : '/onboarding', { replace: true });
};

const notFound: View = (_app, main) =>
  replace(
    main,
    h('h1', {}, t('app.notFound.title')),
    h('p', {}, h('a', { href: '/', 'data-link': true }, t('app.notFound.goToStart'))),
  );

const ROUTES: Record<string, View> = {
  '/': home,
  '/signup': signUpView,
  '/verify': verifyView,
  '/signin': signInView,
  '/forgot-password': forgotPasswordView,
  '/reset-password': resetPasswordView,
  '/unsubscribe': unsubscribeView,
  '/account': signedIn(accountView),
  '/onboarding': signedIn(onboardingView),
  '/portal': signedIn(summaryView),
  '/portal/sites': signedIn(sitesView),
  '/portal/products': signedIn(productsView),
  '/portal/product': signedIn(productView),
  '/portal/groups': signedIn(groupsView),
  '/portal/members': signedIn(membersView),
  '/portal/audit-log': signedIn(auditLogView),
  '/portal/settings': signedIn(settingsView),
  // Short addresses of the administrators' pages (docs/portal.md): the same views.
  '/members': signedIn(membersView),
  '/audit-log': signedIn(auditLogView),
  // The invitation email's link.
  '/invitation': invitationAcceptView,
  '/operator': signedIn(operatorQueueView),
  '/operator/request': signedIn(operatorRequestView),
  '/operator/organizations': signedIn(operatorDirectoryView),
  '/operator/organization': signedIn(operatorOrganizationView),
  '/operator/imports': signedIn(operatorImportsView),
};

try {
  // The stored choice, else the browser's languages, else English; the account's `locale` once it is known.
  await setLocale(initialLocale()).catch(() => setLocale('en'));
  const config = await loadConfig();
  startApp(config, (path) => ROUTES[path.replace(/\/+$/, '') || '/'] ?? notFound);
} catch (error) {
  replace(
    document.getElementById('main') as HTMLElement,
    h('h1', {}, t('app.unavailable')),
    h('p', {}, error instanceof Error ? error.message : String(error)),
  );
}
