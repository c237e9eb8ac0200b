import type { App } from '../app';
import type { Account, OrganizationRequestBody } from '../api-types';
import { h, replace } from '../dom';
import {
  addressFields,
  addressOf,
  countryField,
  field,
  FormController,
  submitButton,
  valuesOf,
} from '../forms';

/** Nobody owns the email domain: POST /v1/organization-requests submits the organization for review. */
export function organizationRequestStep(app: App, main: HTMLElement, account: Account): void {
  const registration = account.registration;
  const fields = [
    field({
      name: 'legalName',
      label: 'Legal name of the organization',
      autocomplete: 'organization',
      required: true,
      ...(registration ? { value: registration.companyName } : {}),
    }),
    field({
      name: 'website',
      label: 'Website',
      type: 'url',
      autocomplete: 'url',
      required: true,
      hint: `For example https://www.${account.emailDomain.domain}`,
    }),
    field({
      name: 'phone',
      label: 'Phone',
      type: 'tel',
      autocomplete: 'tel',
      required: true,
      hint: 'International format, starting with +.',
      ...(registration ? { value: registration.phone } : {}),
    }),
    field({ name: 'taxId', label: 'Tax id (VAT, EIN …)', hint: 'As printed on official documents.' }),
    field({ name: 'dunsNumber', label: 'DUNS number', inputmode: 'numeric', hint: 'Nine digits.' }),
    ...addressFields('address', registration?.address as Partial<Record<string, string>> | undefined),
    countryField({
      name: 'country',
      label: 'Country',
      required: true,
      value: registration?.country ?? account.country,
    }),
  ];
  const form = h(
    'form',
    {},
    fields.slice(0, 5).map((one) => one.element),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Registered address'),
      fields.slice(5).map((one) => one.element),
    ),
    submitButton('Submit for review'),
  );
  const controller = new FormController(form, fields);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const values = valuesOf(fields);
      const body: OrganizationRequestBody = {
        legalName: values.legalName ?? '',
        website: values.website ?? '',
        phone: values.phone ?? '',
        address: addressOf(values, 'address'),
        country: values.country ?? '',
        ...(values.taxId ? { taxId: values.taxId } : {}),
        ...(values.dunsNumber ? { dunsNumber: values.dunsNumber } : {}),
      };
      await app.api('POST', '/v1/organization-requests', { body });
      app.forgetAccount();
      app.navigate('/onboarding', { message: 'Your organization is submitted for review.' });
    });
  });
  replace(
    main,
    h('h1', {}, 'Submit your organization'),
    h(
      'p',
      {},
      `No organization uses ${account.emailDomain.domain} yet. Tell us about yours: our support team reviews it, ` +
        'usually within two business days, and emails you the outcome.',
    ),
    form,
  );
}
