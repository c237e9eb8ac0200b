import type { App } from '../app';
import type { Account } from '../api-types';
import { CognitoError, signIn } from '../auth';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';
import { deleteAccountSection } from './account-delete';
import { leaveOrganizationSection } from './account-leave';
import { changeEmailSection } from './account-email';
import { t } from '../i18n';

const STATE_LABELS: Partial<Record<Account['state'], 'account.states.ACTIVE' | 'account.states.PENDING'>> = {
  ACTIVE: 'account.states.ACTIVE',
  PENDING_ORGANIZATION: 'account.states.PENDING',
};

/**
 * The Account page: the profile, a new password (the current one re-entered; every session is signed out and
 * this tab signs in again with the new one), a new email address (account-email.ts), sign out everywhere,
 * leaving the organization (account-leave.ts), the export of everything Portico stores about the person, and
 * the deletion of the account (account-delete.ts) (docs/account.md).
 */
export async function accountView(app: App, main: HTMLElement): Promise<void> {
  const account = await app.account({ fresh: true });

  let profile = profileOf(account);
  const showProfile = (changed: Account) => {
    const next = profileOf(changed);
    profile.replaceWith(next);
    profile = next;
  };
  const leave = leaveOrganizationSection(app, account, showProfile);

  replace(
    main,
    h('h1', {}, t('account.title')),
    profile,
    h('h2', {}, t('account.changePassword')),
    passwordForm(app, account.email),
    h('h2', {}, t('account.changeEmail')),
    changeEmailSection(app, account, showProfile),
    h('h2', {}, t('account.sessions')),
    signOutEverywhere(app),
    leave ? [h('h2', {}, t('leave.title')), leave] : null,
    h('h2', {}, t('account.data')),
    exportButton(app),
    h('h2', {}, t('account.delete')),
    deleteAccountSection(app, account),
  );
}

/** Name, email, account state and organization, as GET /v1/me (or a change) answered them. */
function profileOf(account: Account): HTMLElement {
  const stateLabel = STATE_LABELS[account.state];
  return h(
    'dl',
    { class: 'profile' },
    h('dt', {}, t('common.name')),
    h('dd', {}, t('common.fullName', account)),
    h('dt', {}, t('common.email')),
    h('dd', {}, account.email),
    h('dt', {}, t('app.nav.account')),
    h('dd', {}, stateLabel ? t(stateLabel) : account.nextStep.description),
    ...(account.organization
      ? [
          h('dt', {}, t('common.organization')),
          h(
            'dd',
            {},
            t('account.organization', { name: account.organization.name, role: account.organization.role }),
          ),
        ]
      : []),
  );
}

function passwordForm(app: App, email: string): HTMLFormElement {
  const current = field({
    name: 'currentPassword',
    label: t('account.currentPassword'),
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const next = field({
    name: 'newPassword',
    label: t('account.newPassword'),
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    hint: t('common.passwordHint'),
  });
  const form = h(
    'form',
    { 'aria-label': t('account.changePassword') },
    current.element,
    next.element,
    submitButton(t('account.changePassword')),
  );
  const controller = new FormController(form, [current, next]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const newPassword = next.control.value;
      await app.api('POST', '/v1/me/password', {
        body: { currentPassword: current.control.value, newPassword },
      });
      // Every session was signed out, this one included: sign this tab in again with the new password.
      try {
        // The address may have changed on this page since it opened: the session has the current one.
        app.setSession(await signIn(app.config, app.session()?.email ?? email, newPassword));
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error;
        app.setSession(undefined);
        app.navigate('/signin', { message: t('account.passwordChangedSignIn') });
        return;
      }
      current.control.value = '';
      next.control.value = '';
      app.announce(t('account.passwordChanged'));
    });
  });
  return form;
}

function signOutEverywhere(app: App): HTMLElement {
  const button = submitButton(t('account.signOutEverywhere'));
  const form = h('form', {}, h('p', {}, t('account.signOutEverywhereIntro')), button);
  const controller = new FormController(form, []);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      await app.api('POST', '/v1/me/sign-out-everywhere');
      app.setSession(undefined);
      app.navigate('/signin', { message: t('account.signedOutEverywhere') });
    });
  });
  return form;
}

function exportButton(app: App): HTMLElement {
  const link = h('a', { class: 'download', hidden: true }, t('account.downloadExport'));
  const form = h('form', {}, h('p', {}, t('account.exportIntro')), submitButton(t('account.export')), link);
  const controller = new FormController(form, []);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const document = await app.api('GET', '/v1/me/export');
      const blob = new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' });
      link.setAttribute('href', URL.createObjectURL(blob));
      link.setAttribute('download', 'portico-export.json');
      link.hidden = false;
      link.click();
      app.announce(t('account.exported'));
    });
  });
  return form;
}
