import type { App } from '../app';
import type { Account } from '../api-types';
import { CognitoError, signIn } from '../auth';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';
import { deleteAccountSection } from './account-delete';
import { changeEmailSection } from './account-email';

const STATE_LABELS: Record<string, string> = {
  ACTIVE: 'Active business account',
  PENDING_ORGANIZATION: 'Waiting for the review of your organization',
};

/**
 * The Account page: the profile, a new password (the current one re-entered; every session is signed out and
 * this tab signs in again with the new one), a new email address (account-email.ts), sign out everywhere, the
 * export of everything Portico stores about the person, and the deletion of the account (account-delete.ts)
 * (docs/account.md).
 */
export async function accountView(app: App, main: HTMLElement): Promise<void> {
  const account = await app.account({ fresh: true });

  let profile = profileOf(account);

  replace(
    main,
    h('h1', {}, 'Your account'),
    profile,
    h('h2', {}, 'Change password'),
    passwordForm(app, account.email),
    h('h2', {}, 'Change email address'),
    changeEmailSection(app, account, (changed) => {
      const next = profileOf(changed);
      profile.replaceWith(next);
      profile = next;
    }),
    h('h2', {}, 'Sessions'),
    signOutEverywhere(app),
    h('h2', {}, 'Your data'),
    exportButton(app),
    h('h2', {}, 'Delete my account'),
    deleteAccountSection(app, account),
  );
}

/** Name, email, account state and organization, as GET /v1/me (or a change) answered them. */
function profileOf(account: Account): HTMLElement {
  return h(
    'dl',
    { class: 'profile' },
    h('dt', {}, 'Name'),
    h('dd', {}, `${account.firstName} ${account.lastName}`),
    h('dt', {}, 'Email'),
    h('dd', {}, account.email),
    h('dt', {}, 'Account'),
    h('dd', {}, STATE_LABELS[account.state] ?? account.nextStep.description),
    ...(account.organization
      ? [
          h('dt', {}, 'Organization'),
          h(
            'dd',
            {},
            `${account.organization.name} (${account.organization.role === 'ADMINISTRATOR' ? 'administrator' : 'member'})`,
          ),
        ]
      : []),
  );
}

function passwordForm(app: App, email: string): HTMLFormElement {
  const current = field({
    name: 'currentPassword',
    label: 'Current password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const next = field({
    name: 'newPassword',
    label: 'New password',
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    hint: 'At least 12 characters, with upper and lower case letters, a digit and a symbol.',
  });
  const form = h(
    'form',
    { 'aria-label': 'Change password' },
    current.element,
    next.element,
    submitButton('Change password'),
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
        app.navigate('/signin', { message: 'Your password was changed. Sign in with the new password.' });
        return;
      }
      current.control.value = '';
      next.control.value = '';
      app.announce('Your password was changed. Every other session was signed out.');
    });
  });
  return form;
}

function signOutEverywhere(app: App): HTMLElement {
  const button = submitButton('Sign out everywhere');
  const form = h(
    'form',
    {},
    h('p', {}, 'Sign out of Portico on every device and browser, this one included.'),
    button,
  );
  const controller = new FormController(form, []);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      await app.api('POST', '/v1/me/sign-out-everywhere');
      app.setSession(undefined);
      app.navigate('/signin', { message: 'You are signed out everywhere.' });
    });
  });
  return form;
}

function exportButton(app: App): HTMLElement {
  const link = h('a', { class: 'download', hidden: true }, 'Download portico-export.json');
  const form = h(
    'form',
    {},
    h('p', {}, 'Download everything Portico stores about you, as one JSON document.'),
    submitButton('Export my data'),
    link,
  );
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
      app.announce('Your data was exported.');
    });
  });
  return form;
}
