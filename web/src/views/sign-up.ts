import type { App } from '../app';
import type { SignUpBody } from '../api-types';
import { h, replace } from '../dom';
import { countryField, field, FormController, submitButton, valuesOf } from '../forms';
import { locale, t } from '../i18n';

/** Step 1: POST /v1/signup. The answer is the same for every address; the code comes by email. */
export function signUpView(app: App, main: HTMLElement): void {
  const fields = [
    field({
      name: 'email',
      label: t('signUp.workEmail'),
      type: 'email',
      autocomplete: 'email',
      required: true,
      hint: t('signUp.workEmailHint'),
    }),
    field({
      name: 'password',
      label: t('common.password'),
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      hint: t('common.passwordHint'),
    }),
    field({ name: 'firstName', label: t('common.firstName'), autocomplete: 'given-name', required: true }),
    field({ name: 'lastName', label: t('common.lastName'), autocomplete: 'family-name', required: true }),
    countryField({ name: 'country', label: t('common.country'), required: true }),
  ];
  const form = h(
    'form',
    {},
    fields.map((one) => one.element),
    submitButton(t('signUp.submit')),
  );
  const controller = new FormController(form, fields);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      // The page's language becomes the account's: its emails come in it.
      const body = { ...valuesOf(fields), locale: locale() } as unknown as SignUpBody;
      await app.api('POST', '/v1/signup', { body });
      sessionStorage.setItem('portico.signupEmail', body.email);
      app.navigate(`/verify?email=${encodeURIComponent(body.email)}`, {
        message: t('signUp.codeSent', { email: body.email }),
      });
    });
  });
  replace(
    main,
    h('h1', {}, t('signUp.title')),
    h('p', {}, t('signUp.step')),
    form,
    h(
      'p',
      {},
      t('signUp.haveAccount'),
      ' ',
      h('a', { href: '/signin', 'data-link': true }, t('common.signIn')),
    ),
  );
}
