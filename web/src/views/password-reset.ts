import type { App } from '../app';
import { ApiProblem } from '../api';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';
import { t } from '../i18n';

/** Problems about the code itself: shown at the code field. */
const CODE_PROBLEMS = new Set(['invalid-code', 'code-expired', 'code-attempts-exhausted']);

/** "Forgot password?": POST /v1/password/forgot, the same answer for every address. */
export function forgotPasswordView(app: App, main: HTMLElement, url: URL): void {
  const email = field({
    name: 'email',
    label: t('common.email'),
    type: 'email',
    autocomplete: 'username',
    required: true,
    value: url.searchParams.get('email') ?? '',
  });
  const form = h('form', {}, email.element, submitButton(t('reset.emailMe')));
  const controller = new FormController(form, [email]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      await app.api('POST', '/v1/password/forgot', { body: { email: email.value() } });
      app.navigate(`/reset-password?email=${encodeURIComponent(email.value())}`, {
        message: t('reset.sent', { email: email.value() }),
      });
    });
  });
  replace(
    main,
    h('h1', {}, t('reset.forgotTitle')),
    h('p', {}, t('reset.forgotIntro')),
    form,
    h('p', {}, h('a', { href: '/signin', 'data-link': true }, t('reset.back'))),
  );
}

/** POST /v1/password/reset with the emailed code and a new password; every session is signed out. */
export function resetPasswordView(app: App, main: HTMLElement, url: URL): void {
  const email = field({
    name: 'email',
    label: t('common.email'),
    type: 'email',
    autocomplete: 'username',
    required: true,
    value: url.searchParams.get('email') ?? '',
  });
  const code = field({
    name: 'code',
    label: t('reset.code'),
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    required: true,
    hint: t('reset.codeHint'),
  });
  const password = field({
    name: 'password',
    label: t('account.newPassword'),
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    hint: t('common.passwordHint'),
  });
  const form = h('form', {}, email.element, code.element, password.element, submitButton(t('reset.submit')));
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
        message: t('account.passwordChangedSignIn'),
      });
    });
  });
  replace(
    main,
    h('h1', {}, t('reset.title')),
    form,
    h('p', {}, h('a', { href: '/forgot-password', 'data-link': true }, t('verify.resend'))),
  );
}
