import type { App } from '../app';
import { ApiProblem } from '../api';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';

/** Problems about the code itself: shown at the code field. */
const CODE_PROBLEMS = new Set(['invalid-code', 'code-expired', 'code-attempts-exhausted']);

/** "Forgot password?": POST /v1/password/forgot, the same answer for every address. */
export function forgotPasswordView(app: App, main: HTMLElement, url: URL): void {
  const email = field({
    name: 'email',
    label: 'Email',
    type: 'email',
    autocomplete: 'username',
    required: true,
    value: url.searchParams.get('email') ?? '',
  });
  const form = h('form', {}, email.element, submitButton('Email me a reset code'));
  const controller = new FormController(form, [email]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      await app.api('POST', '/v1/password/forgot', { body: { email: email.value() } });
      app.navigate(`/reset-password?email=${encodeURIComponent(email.value())}`, {
        message: `If ${email.value()} has a Portico account, a reset code is on its way.`,
      });
    });
  });
  replace(
    main,
    h('h1', {}, 'Forgot your password?'),
    h('p', {}, 'Enter the email address of your account: we email you a code to set a new password.'),
    form,
    h('p', {}, h('a', { href: '/signin', 'data-link': true }, 'Back to sign-in')),
  );
}

/** POST /v1/password/reset with the emailed code and a new password; every session is signed out. */
export function resetPasswordView(app: App, main: HTMLElement, url: URL): void {
  const email = field({
    name: 'email',
    label: 'Email',
    type: 'email',
    autocomplete: 'username',
    required: true,
    value: url.searchParams.get('email') ?? '',
  });
  const code = field({
    name: 'code',
    label: 'Reset code',
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    required: true,
    hint: 'The 6 digits from the email.',
  });
  const password = field({
    name: 'password',
    label: 'New password',
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    hint: 'At least 12 characters, with upper and lower case letters, a digit and a symbol.',
  });
  const form = h('form', {}, email.element, code.element, password.element, submitButton('Set new password'));
  const controller = new FormController(form, [email, code, password]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      try {
        await app.api('POST', '/v1/password/reset', {
          body: { email: email.value(), code: code.value(), password: password.control.value },
        });
      } catch (error) {
        if (error instanceof ApiProblem && CODE_PROBLEMS.has(error.type) && error.errors.length === 0) {
          throw new ApiProblem(error.status, error.type, error.title, error.detail, [
            { pointer: '/code', detail: error.detail },
          ]);
        }
        throw error;
      }
      app.setSession(undefined);
      app.navigate(`/signin?email=${encodeURIComponent(email.value())}`, {
        message: 'Your password was changed. Sign in with the new password.',
      });
    });
  });
  replace(
    main,
    h('h1', {}, 'Set a new password'),
    form,
    h('p', {}, h('a', { href: '/forgot-password', 'data-link': true }, 'Send a new code')),
  );
}
