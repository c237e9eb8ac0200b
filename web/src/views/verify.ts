import type { App } from '../app';
import { ApiProblem } from '../api';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';

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
    label: 'Email',
    type: 'email',
    autocomplete: 'email',
    required: true,
    value: knownEmail,
  });
  const code = field({
    name: 'code',
    label: 'Verification code',
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    required: true,
    hint: 'The 6 digits from the email. It is valid for 10 minutes.',
  });
  const resend = h('button', { type: 'button', class: 'secondary' }, 'Send a new code');
  const form = h(
    'form',
    {},
    email.element,
    code.element,
    h('div', { class: 'actions' }, submitButton('Verify email'), resend),
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
        app.navigate('/', { message: 'Your email is verified.' });
      } else {
        app.navigate(`/signin?email=${encodeURIComponent(email.value())}`, {
          message: 'Your email is verified. Sign in to continue.',
        });
      }
    });
  });

  resend.addEventListener('click', () => {
    void controller.submit(async () => {
      await app.api('POST', '/v1/signup/resend', { body: { email: email.value() } });
      app.announce(`If ${email.value()} has an account waiting for a code, a new code is on its way.`);
      code.control.value = '';
      code.control.focus();
    });
  });

  replace(
    main,
    h('h1', {}, 'Enter the code we emailed you'),
    h('p', {}, 'Step 2 of 4. Check your inbox (and the spam folder) for the verification code.'),
    form,
  );
}
