import type { App } from '../app';
import type { AccessType, Account } from '../api-types';
import { h, replace } from '../dom';
import { FormController, radioGroup, submitButton } from '../forms';

/** PUT /v1/me/access-type: customer employee or partner. */
export function accessTypeStep(app: App, main: HTMLElement, account: Account): void {
  const accessType = radioGroup({
    name: 'accessType',
    legend: 'How do you work with us?',
    choices: [
      {
        value: 'CUSTOMER_EMPLOYEE',
        label: 'I work for a customer',
        hint: 'See and manage what your company owns: sites, products and support.',
      },
      {
        value: 'PARTNER',
        label: 'I work for a partner',
        hint: 'Resellers and service providers go through the partner programme.',
      },
    ],
  });
  const form = h('form', {}, accessType.element, submitButton('Continue'));
  const controller = new FormController(form, [], [accessType.target]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      // Nothing chosen: the API's validation error names /accessType, shown at the radio group.
      const body = { accessType: accessType.value() as AccessType };
      await app.api('PUT', '/v1/me/access-type', { body });
      app.forgetAccount();
      app.navigate('/onboarding', { message: 'Access type saved.' });
    });
  });
  replace(
    main,
    h('h1', {}, `Welcome, ${account.firstName}`),
    h('p', {}, 'Step 3 of 4. Your email is verified. Tell us how you work with us.'),
    form,
  );
}
