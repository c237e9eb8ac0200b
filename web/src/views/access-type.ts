import type { App } from '../app';
import type { AccessType, Account } from '../api-types';
import { h, replace } from '../dom';
import { FormController, radioGroup, submitButton } from '../forms';
import { t } from '../i18n';

/** PUT /v1/me/access-type: customer employee or partner. */
export function accessTypeStep(app: App, main: HTMLElement, account: Account): void {
  const accessType = radioGroup({
    name: 'accessType',
    legend: t('accessType.legend'),
    choices: [
      {
        value: 'CUSTOMER_EMPLOYEE',
        label: t('accessType.customer'),
        hint: t('accessType.customerHint'),
      },
      {
        value: 'PARTNER',
        label: t('accessType.partner'),
        hint: t('accessType.partnerHint'),
      },
    ],
  });
  const form = h('form', {}, accessType.element, submitButton(t('common.continue')));
  const controller = new FormController(form, [], [accessType.target]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      // Nothing chosen: the API's validation error names /accessType, shown at the radio group.
      const body = { accessType: accessType.value() as AccessType };
      await app.api('PUT', '/v1/me/access-type', { body });
      app.forgetAccount();
      app.navigate('/onboarding', { message: t('accessType.saved') });
    });
  });
  replace(
    main,
    h('h1', {}, t('accessType.title', { firstName: account.firstName })),
    h('p', {}, t('accessType.step')),
    form,
  );
}
