import type { App } from '../app';
import type { SignUpBody } from '../api-types';
import { h, replace } from '../dom';
import { countryField, field, FormController, submitButton, valuesOf } from '../forms';

/** Step 1: POST /v1/signup. The answer is the same for every address; the code comes by email. */
export function signUpView(app: App, main: HTMLElement): void {
  const fields = [
    field({
      name: 'email',
      label: 'Work email',
      type: 'email',
      autocomplete: 'email',
      required: true,
      hint: 'Use your work address: it decides which company you join.',
    }),
    field({
      name: 'password',
      label: 'Password',
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      hint: 'At least 12 characters with upper and lower case letters, a digit and a symbol.',
    }),
    field({ name: 'firstName', label: 'First name', autocomplete: 'given-name', required: true }),
    field({ name: 'lastName', label: 'Last name', autocomplete: 'family-name', required: true }),
    countryField({ name: 'country', label: 'Country', required: true }),
  ];
  const form = h(
    'form',
    {},
    fields.map((one) => one.element),
    submitButton('Create account'),
  );
  const controller = new FormController(form, fields);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const body = valuesOf(fields) as unknown as SignUpBody;
      await app.api('POST', '/v1/signup', { body });
      sessionStorage.setItem('portico.signupEmail', body.email);
      app.navigate(`/verify?email=${encodeURIComponent(body.email)}`, {
        message: `We sent a 6-digit code to ${body.email}.`,
      });
    });
  });
  replace(
    main,
    h('h1', {}, 'Create your account'),
    h('p', {}, 'Step 1 of 4. We email you a code to confirm the address.'),
    form,
    h('p', {}, 'Already have an account? ', h('a', { href: '/signin', 'data-link': true }, 'Sign in')),
  );
}
