import type { App } from '../app';
import { ApiProblem } from '../api';
import type { Account } from '../api-types';
import { h } from '../dom';
import { field, FormController, submitButton } from '../forms';
import { t } from '../i18n';

/**
 * "Delete my account" on the Account page (docs/account.md, erasure): a clear statement of what goes, the
 * password re-entered, a ticked confirmation, then POST /v1/me/delete. The last administrator of an
 * organization with other members is refused (409 last-administrator): the page says how to go on.
 */
export function deleteAccountSection(app: App, account: Account): HTMLElement {
  const password = field({
    name: 'currentPassword',
    label: t('account.currentPassword'),
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
    h('label', { for: 'delete-confirm' }, t('deleteAccount.understand')),
  );
  const lastAdministrator = h('div', { class: 'notice', hidden: true });
  const button = submitButton(t('account.delete'));
  button.classList.replace('primary', 'danger');
  const form = h(
    'form',
    { 'aria-label': t('account.delete') },
    h(
      'p',
      {},
      account.organization
        ? t('deleteAccount.intro', { organization: account.organization.name })
        : t('deleteAccount.introNoOrganization'),
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
        throw new ApiProblem(
          400,
          'validation-error',
          t('deleteAccount.confirmTitle'),
          t('deleteAccount.tickBox'),
          [{ pointer: '/confirm', detail: t('deleteAccount.tickThisBox') }],
        );
      }
      try {
        await app.api('POST', '/v1/me/delete', { body: { currentPassword: password.control.value } });
      } catch (error) {
        if (error instanceof ApiProblem && error.type === 'last-administrator') {
          lastAdministrator.replaceChildren(
            h('strong', {}, t('deleteAccount.lastAdministrator')),
            ' ',
            error.detail,
            ' ',
            t('deleteAccount.makeAnother.before'),
            h('a', { href: '/portal/members', 'data-link': true }, t('deleteAccount.makeAnother.link')),
            t('deleteAccount.makeAnother.after'),
          );
          lastAdministrator.hidden = false;
          lastAdministrator.tabIndex = -1;
          lastAdministrator.focus();
          return;
        }
        throw error;
      }
      app.setSession(undefined);
      app.navigate('/signin', { message: t('deleteAccount.deleted') });
    });
  });
  return form;
}
