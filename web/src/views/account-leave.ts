import type { App } from '../app';
import { ApiProblem } from '../api';
import type { Account } from '../api-types';
import { confirmDialog } from '../dialog';
import { h, replace } from '../dom';
import { t } from '../i18n';

/**
 * "Leave organization" on the Account page, for any member of an organization (POST
 * /v1/me/organization/leave, docs/membership.md). A confirmation first; then the membership ends at once,
 * every session is signed out, and the page shows the limited state the API answered, with the way back
 * (sign in again, register again by the organization's policy). The last administrator of an organization
 * with other members is refused (409 last-administrator): the page says what to do first.
 */
export function leaveOrganizationSection(
  app: App,
  account: Account,
  onLeft: (account: Account) => void,
): HTMLElement | null {
  const organization = account.organization;
  if (account.state !== 'ACTIVE' || !organization) return null;
  const message = h('div', { class: 'form-message', role: 'alert', tabindex: -1, hidden: true });
  const button = h('button', { type: 'button', class: 'danger' }, t('leave.button'));
  const section = h(
    'div',
    {},
    h('p', {}, t('leave.intro', { organization: organization.name })),
    message,
    button,
  );
  button.addEventListener('click', () => {
    void confirmDialog({
      title: t('leave.confirmTitle', { organization: organization.name }),
      body: [h('p', {}, t('leave.confirmBody', { organization: organization.name }))],
      confirm: t('leave.confirm'),
      cancel: t('leave.cancel'),
      danger: true,
      returnFocus: button,
    }).then(async (confirmed) => {
      if (!confirmed) return;
      message.hidden = true;
      button.disabled = true;
      try {
        const left = await app.api('POST', '/v1/me/organization/leave', {
          body: { organizationId: organization.organizationId },
          idempotencyKey: crypto.randomUUID(),
        });
        // Every session was signed out by the API: this one ends here too, on the state it answered.
        app.setSession(undefined);
        onLeft(left.account);
        replace(
          section,
          h('h3', { tabindex: -1 }, t('leave.doneTitle', { organization: organization.name })),
          h('p', {}, t('leave.doneBody', { groups: left.groupsDeleted })),
          h(
            'p',
            { class: 'notice' },
            t('leave.limited', { state: left.account.accessLevel }),
            ' ',
            left.account.nextStep.description,
          ),
          h('p', {}, h('a', { href: '/signin', 'data-link': true }, t('leave.signInAgain'))),
        );
        section.querySelector<HTMLElement>('h3')?.focus();
        app.announce(t('leave.doneTitle', { organization: organization.name }));
      } catch (error) {
        button.disabled = false;
        const problem = error instanceof ApiProblem ? error : undefined;
        if (problem?.type === 'last-administrator') {
          replace(
            message,
            h('strong', {}, t('leave.lastAdministrator')),
            ' ',
            problem.detail,
            ' ',
            t('deleteAccount.makeAnother.before'),
            h('a', { href: '/portal/members', 'data-link': true }, t('deleteAccount.makeAnother.link')),
            t('leave.makeAnotherAfter'),
          );
        } else {
          replace(message, problem ? problem.detail : String(error));
        }
        message.hidden = false;
        message.focus();
      }
    });
  });
  return section;
}
