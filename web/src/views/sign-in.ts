import type { App } from '../app';
import { ApiProblem } from '../api';
import { CognitoError, signIn } from '../auth';
import { h, replace } from '../dom';
import { field, FormController, submitButton } from '../forms';

/** Step 3: Cognito InitiateAuth (USER_PASSWORD_AUTH) straight from the browser; the ID token is the Bearer. */
export function signInView(app: App, main: HTMLElement, url: URL): void {
  const email = field({
    name: 'email',
    label: 'Email',
    type: 'email',
    autocomplete: 'username',
    required: true,
    value: url.searchParams.get('email') ?? app.session()?.email ?? '',
  });
  const password = field({
    name: 'password',
    label: 'Password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const form = h('form', {}, email.element, password.element, submitButton('Sign in'));
  const controller = new FormController(form, [email, password]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const missing = [email, password]
        .filter((one) => one.value() === '')
        .map((one) => ({ pointer: one.pointer, detail: 'must not be empty' }));
      if (missing.length > 0) {
        throw new ApiProblem(
          400,
          'validation-error',
          'Invalid request',
          'Enter your email and password.',
          missing,
        );
      }
      try {
        app.setSession(await signIn(app.config, email.value(), password.control.value));
      } catch (error) {
        if (error instanceof CognitoError) {
          throw new ApiProblem(401, error.code, 'Sign-in failed', error.message);
        }
        throw error;
      }
      app.navigate('/', { message: 'You are signed in.' });
    });
  });
  replace(
    main,
    h('h1', {}, 'Sign in'),
    form,
    h('p', {}, h('a', { href: '/forgot-password', 'data-link': true }, 'Forgot password?')),
    h('p', {}, 'New to Portico? ', h('a', { href: '/signup', 'data-link': true }, 'Create an account')),
  );
}
