import type { App } from '../app';
import { ApiProblem } from '../api';
import type { Account } from '../api-types';
import { CognitoError, signIn } from '../auth';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';

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
    label: 'New email address',
    type: 'email',
    autocomplete: 'email',
    required: true,
    hint: 'We send a code to this address. Your organization is decided again by its domain.',
  });
  const password = field({
    name: 'currentPassword',
    label: 'Current password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const form = h(
    'form',
    { 'aria-label': 'Change email address' },
    newEmail.element,
    password.element,
    submitButton('Send a code to the new address'),
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
    label: 'Code',
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    required: true,
    hint: `The 6-digit code we sent to ${newEmail}.`,
  });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Use another address');
  cancel.addEventListener('click', () => showRequest(app, section, previous, onChanged));
  const form = h(
    'form',
    { 'aria-label': 'Confirm the new email address' },
    h('p', { class: 'notice' }, `We sent a code to ${newEmail}. Your address changes once you enter it.`),
    code.element,
    h('div', { class: 'actions' }, submitButton('Change my email address'), cancel),
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
          message: `Your email address is now ${newEmail}. Sign in with it.`,
        });
        return;
      }
      app.forgetAccount();
      onChanged(answer.account);
      replace(section, ...outcomeOf(previous, answer.account));
      app.announce(`Your email address is now ${newEmail}.`);
      section.querySelector<HTMLElement>('h3')?.focus();
    });
  });
  replace(section, form);
  code.control.focus();
}

/** What the change of domain meant for the person's organization, and where to go on. */
function outcomeOf(previous: Account, account: Account): HTMLElement[] {
  const heading = h('h3', { tabindex: -1 }, `Your email address is now ${account.email}`);
  const next = (text: string, path: string, label: string) => [
    h('p', {}, text),
    h('p', {}, h('a', { href: path, 'data-link': true }, label)),
  ];
  let says: HTMLElement[];
  if (account.state === 'ACTIVE' && account.organization) {
    const same = account.organization.organizationId === previous.organization?.organizationId;
    says = same
      ? [h('p', {}, `You are still in ${account.organization.name}: nothing else changed.`)]
      : next(
          `You left ${previous.organization?.name ?? 'your previous organization'} and joined ` +
            `${account.organization.name}, which uses ${account.emailDomain.domain}.`,
          '/portal',
          `Open the portal of ${account.organization.name}`,
        );
  } else if (account.state === 'CHOOSE_ORGANIZATION') {
    says = next(
      `Several divisions use ${account.emailDomain.domain}: choose the one you work for.`,
      '/onboarding',
      'Choose your division',
    );
  } else if (account.state === 'ORGANIZATION_REQUIRED') {
    says = next(
      `No organization on Portico uses ${account.emailDomain.domain} yet: tell us about yours, and we review it.`,
      '/onboarding',
      'Register your organization',
    );
  } else {
    says = next(
      account.restrictions.map((restriction) => restriction.detail).join(' ') || account.nextStep.description,
      '/onboarding',
      'See what to do next',
    );
  }
  const left =
    previous.organization && account.organization?.organizationId !== previous.organization.organizationId
      ? [h('p', { class: 'meta' }, `You are no longer a member of ${previous.organization.name}.`)]
      : [];
  return [
    heading,
    ...says,
    ...(account.state === 'ACTIVE' ? [] : left),
    h('p', { class: 'meta' }, 'Access: ' + (account.accessLevel === 'FULL' ? 'full' : 'limited')),
  ];
}
