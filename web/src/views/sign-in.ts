import type { App } from '../app';
import { ApiProblem } from '../api';
import { CognitoError, signIn } from '../auth';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';
import { t } from '../i18n';
import { takeReturnPath } from './invitations';

/** Step 3: Cognito InitiateAuth (USER_PASSWORD_AUTH) straight from the browser; the ID token is the Bearer. */
export function signInView(app: App, main: HTMLElement, url: URL): void {
  const email = field({
    name: 'email',
    label: t('common.email'),
    type: 'email',
    autocomplete: 'username',
    required: true,
    value: url.searchParams.get('email') ?? app.session()?.email ?? '',
  });
  const password = field({
    name: 'password',
    label: t('common.password'),
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const form = h('form', {}, email.element, password.element, submitButton(t('common.signIn')));
  const controller = new FormController(form, [email, password]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const missing = [email, password]
        .filter((one) => one.value() === '')
        .map((one) => ({ pointer: one.pointer, detail: t('common.mustNotBeEmpty') }));
      if (missing.length > 0) {
        throw new ApiProblem(
          400,
          'validation-error',
          t('common.invalidRequest'),
          t('signIn.enterBoth'),
          missing,
        );
      }
      try {
        app.setSession(await signIn(app.config, email.value(), password.control.value));
      } catch (error) {
        if (error instanceof CognitoError) {
          throw new ApiProblem(401, error.code, t('signIn.failed'), error.message);
        }
        throw error;
      }
      // Back where the person was sent to sign in from (an invitation link), else the start.
      app.navigate(takeReturnPath() ?? '/', { message: t('signIn.signedIn') });
    });
  });
  replace(
    main,
    h('h1', {}, t('common.signIn')),
    form,
    h('p', {}, h('a', { href: '/forgot-password', 'data-link': true }, t('signIn.forgot'))),
    h(
      'p',
      {},
      t('signIn.newHere'),
      ' ',
      h('a', { href: '/signup', 'data-link': true }, t('signIn.createAccount')),
    ),
  );
}
