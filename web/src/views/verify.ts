import type { App } from '../app';
import { ApiProblem } from '../api';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';
import { t } from '../i18n';

/** Problems about the code itself: shown at the code field. */
const CODE_PROBLEMS = new Set(['invalid-code', 'code-expired', 'code-attempts-exhausted']);

/**
 * Step 2: POST /v1/signup/verify with the emailed code; POST /v1/signup/resend for a fresh one. A wrong,
 * expired or used-up code is a problem with `detail` shown next to the code field.
 */
export function verifyView(app: App, main: HTMLElement, url: URL): void {
  const knownEmail =
    url.searchParams.get('email') ??
    sessionStorage.getItem('portico.signupEmail') ??
    app.session()?.email ??
    '';
  const email = field({
    name: 'email',
    label: t('common.email'),
    type: 'email',
    autocomplete: 'email',
    required: true,
    value: knownEmail,
  });
  const code = field({
    name: 'code',
    label: t('verify.code'),
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    required: true,
    hint: t('verify.codeHint'),
  });
  const resend = h('button', { type: 'button', class: 'secondary' }, t('verify.resend'));
  const form = h(
    'form',
    {},
    email.element,
    code.element,
    h('div', { class: 'actions' }, submitButton(t('verify.submit')), resend),
  );
  const controller = new FormController(form, [email, code]);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      try {
        await app.api('POST', '/v1/signup/verify', { body: { email: email.value(), code: code.value() } });
      } catch (error) {
        // Code problems (invalid-code, code-expired, code-attempts-exhausted) concern the code field.
        if (error instanceof ApiProblem && CODE_PROBLEMS.has(error.type) && error.errors.length === 0) {
          throw new ApiProblem(error.status, error.type, error.title, error.detail, [
            { pointer: '/code', detail: error.detail },
          ]);
        }
        throw error;
      }
      sessionStorage.removeItem('portico.signupEmail');
      app.forgetAccount();
      if (app.session()) {
        app.navigate('/', { message: t('verify.verified') });
      } else {
        app.navigate(`/signin?email=${encodeURIComponent(email.value())}`, {
          message: t('verify.verifiedSignIn'),
        });
      }
    });
  });

  resend.addEventListener('click', () => {
    void controller.submit(async () => {
      await app.api('POST', '/v1/signup/resend', { body: { email: email.value() } });
      app.announce(t('verify.resent', { email: email.value() }));
      code.control.value = '';
      code.control.focus();
    });
  });

  replace(main, h('h1', {}, t('verify.title')), h('p', {}, t('verify.step')), form);
}
