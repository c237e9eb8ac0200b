import type { App } from '../app';
import { ApiProblem } from '../api';
import type { Account } from '../api-types';
import { CognitoError, signIn } from '../auth';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';
import { t } from '../i18n';

/** Problems about the code itself: shown at the code field (as on the verification page). */
const CODE_PROBLEMS = new Set(['invalid-code', 'code-expired', 'code-attempts-exhausted']);

/**
 * "Change email address" on the Account page (docs/account.md): the new address and the current password →
 * a code goes to the new address (POST /v1/me/email) → the code (POST /v1/me/email/confirm). The answer is the
 * account as it now stands, re-matched by the new domain; this section says what that means for the person.
 * Every session was signed out, so this tab signs in again with the new address and the password just given.
 */
export function changeEmailSection(
  app: App,
  account: Account,
  onChanged: (account: Account) => void,
): HTMLElement {
  const section = h('div', { class: 'email-change' });
  showRequest(app, section, account, onChanged);
  return section;
}

function showRequest(
  app: App,
  section: HTMLElement,
  account: Account,
  onChanged: (account: Account) => void,
): void {
  const newEmail = field({
    name: 'newEmail',
    label: t('email.newEmail'),
    type: 'email',
    autocomplete: 'email',
    required: true,
    hint: t('email.newEmailHint'),
  });
  const password = field({
    name: 'currentPassword',
    label: t('account.currentPassword'),
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const form = h(
    'form',
    { 'aria-label': t('account.changeEmail') },
    newEmail.element,
    password.element,
    submitButton(t('email.sendCode')),
  );
  const controller = new FormController(form, [newEmail, password]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const address = newEmail.value();
      const currentPassword = password.control.value;
      await app.api('POST', '/v1/me/email', { body: { newEmail: address, currentPassword } });
      showConfirm(app, section, account, address, currentPassword, onChanged);
    });
  });
  replace(section, form);
}

function showConfirm(
  app: App,
  section: HTMLElement,
  previous: Account,
  newEmail: string,
  password: string,
  onChanged: (account: Account) => void,
): void {
  const code = field({
    name: 'code',
    label: t('email.code'),
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    required: true,
    hint: t('email.codeHint', { email: newEmail }),
  });
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('email.another'));
  cancel.addEventListener('click', () => showRequest(app, section, previous, onChanged));
  const form = h(
    'form',
    { 'aria-label': t('email.confirmLabel') },
    h('p', { class: 'notice' }, t('email.codeSent', { email: newEmail })),
    code.element,
    h('div', { class: 'actions' }, submitButton(t('email.confirm')), cancel),
  );
  const controller = new FormController(form, [code]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      let answer;
      try {
        answer = await app.api('POST', '/v1/me/email/confirm', { body: { newEmail, code: code.value() } });
      } catch (error) {
        // A wrong, expired or used-up code concerns the code field.
        if (error instanceof ApiProblem && CODE_PROBLEMS.has(error.type) && error.errors.length === 0) {
          throw new ApiProblem(error.status, error.type, error.title, error.detail, [
            { pointer: '/code', detail: error.detail },
          ]);
        }
        throw error;
      }
      // Every session was signed out, this one included: sign in again with the new address.
      try {
        app.setSession(await signIn(app.config, newEmail, password));
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error;
        app.setSession(undefined);
        app.navigate('/signin', {
          message: t('email.changedSignIn', { email: newEmail }),
        });
        return;
      }
      app.forgetAccount();
      onChanged(answer.account);
      replace(section, ...outcomeOf(previous, answer.account));
      app.announce(t('email.changed', { email: newEmail }));
      section.querySelector<HTMLElement>('h3')?.focus();
    });
  });
  replace(section, form);
  code.control.focus();
}

/** What the change of domain meant for the person's organization, and where to go on. */
function outcomeOf(previous: Account, account: Account): HTMLElement[] {
  const heading = h('h3', { tabindex: -1 }, t('email.nowTitle', { email: account.email }));
  const next = (text: string, path: string, label: string) => [
    h('p', {}, text),
    h('p', {}, h('a', { href: path, 'data-link': true }, label)),
  ];
  let says: HTMLElement[];
  if (account.state === 'ACTIVE' && account.organization) {
    const same = account.organization.organizationId === previous.organization?.organizationId;
    says = same
      ? [h('p', {}, t('email.same', { organization: account.organization.name }))]
      : next(
          previous.organization
            ? t('email.moved', {
                previous: previous.organization.name,
                organization: account.organization.name,
                domain: account.emailDomain.domain,
              })
            : t('email.joined', {
                organization: account.organization.name,
                domain: account.emailDomain.domain,
              }),
          '/portal',
          t('email.openPortal', { organization: account.organization.name }),
        );
  } else if (account.state === 'CHOOSE_ORGANIZATION') {
    says = next(
      t('email.choose', { domain: account.emailDomain.domain }),
      '/onboarding',
      t('chooseOrganization.title'),
    );
  } else if (account.state === 'ORGANIZATION_REQUIRED') {
    says = next(t('email.none', { domain: account.emailDomain.domain }), '/onboarding', t('email.register'));
  } else {
    says = next(
      account.restrictions.map((restriction) => restriction.detail).join(' ') || account.nextStep.description,
      '/onboarding',
      t('email.next'),
    );
  }
  const left =
    previous.organization && account.organization?.organizationId !== previous.organization.organizationId
      ? [h('p', { class: 'meta' }, t('email.left', { organization: previous.organization.name }))]
      : [];
  return [
    heading,
    ...says,
    ...(account.state === 'ACTIVE' ? [] : left),
    h('p', { class: 'meta' }, t('email.access', { level: account.accessLevel })),
  ];
}
