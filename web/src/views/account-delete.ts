import type { App } from '../app';
import { ApiProblem } from '../api';
import type { Account } from '../api-types';
import { h } from '../dom';
import { field, FormController, submitButton } from '../forms';

/**
 * "Delete my account" on the Account page (docs/account.md, erasure): a clear statement of what goes, the
 * password re-entered, a ticked confirmation, then POST /v1/me/delete. The last administrator of an
 * organization with other members is refused (409 last-administrator): the page says how to go on.
 */
export function deleteAccountSection(app: App, account: Account): HTMLElement {
  const password = field({
    name: 'currentPassword',
    label: 'Current password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const checkbox = h('input', { type: 'checkbox', id: 'delete-confirm', name: 'confirm' });
  const checkboxError = h('p', { class: 'field-error', id: 'delete-confirm-error', hidden: true });
  const confirmField = h(
    'div',
    { class: 'choice' },
    checkboxError,
    checkbox,
    h('label', { for: 'delete-confirm' }, 'I understand that my account and my data are deleted for good.'),
  );
  const lastAdministrator = h('div', { class: 'notice', hidden: true });
  const button = submitButton('Delete my account');
  button.classList.replace('primary', 'danger');
  const form = h(
    'form',
    { 'aria-label': 'Delete my account' },
    h(
      'p',
      {},
      'Deleting your account removes your sign-in, your profile and registration, your membership',
      account.organization ? ` of ${account.organization.name}` : '',
      ', the groups you made (shared ones too) and your place on any organization request. ',
      'It cannot be undone. A last email confirms it.',
    ),
    password.element,
    confirmField,
    lastAdministrator,
    button,
  );
  const controller = new FormController(
    form,
    [password],
    [
      {
        pointer: '/confirm',
        setError(message) {
          checkboxError.textContent = message ?? '';
          checkboxError.hidden = !message;
          if (message) checkbox.setAttribute('aria-invalid', 'true');
          else checkbox.removeAttribute('aria-invalid');
          checkbox.setAttribute('aria-describedby', 'delete-confirm-error');
        },
        focus: () => checkbox.focus(),
      },
    ],
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    lastAdministrator.hidden = true;
    void controller.submit(async () => {
      if (!checkbox.checked) {
        throw new ApiProblem(400, 'validation-error', 'Confirm', 'Tick the box to confirm.', [
          { pointer: '/confirm', detail: 'Tick this box to confirm that your account is deleted for good.' },
        ]);
      }
      try {
        await app.api('POST', '/v1/me/delete', { body: { currentPassword: password.control.value } });
      } catch (error) {
        if (error instanceof ApiProblem && error.type === 'last-administrator') {
          lastAdministrator.replaceChildren(
            h('strong', {}, 'You are the last administrator. '),
            error.detail,
            ' Make another member an administrator first ',
            h('a', { href: '/portal/settings', 'data-link': true }, 'in Settings'),
            ', then delete your account.',
          );
          lastAdministrator.hidden = false;
          lastAdministrator.tabIndex = -1;
          lastAdministrator.focus();
          return;
        }
        throw error;
      }
      app.setSession(undefined);
      app.navigate('/signin', { message: 'Your account was deleted. A confirmation was emailed to you.' });
    });
  });
  return form;
}
