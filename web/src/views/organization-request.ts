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
import { t } from '../i18n';

/** Nobody owns the email domain: POST /v1/organization-requests submits the organization for review. */
export function organizationRequestStep(app: App, main: HTMLElement, account: Account): void {
  const registration = account.registration;
  const fields = [
    field({
      name: 'legalName',
      label: t('organizationRequest.legalName'),
      autocomplete: 'organization',
      required: true,
      ...(registration ? { value: registration.companyName } : {}),
    }),
    field({
      name: 'website',
      label: t('organizationRequest.website'),
      type: 'url',
      autocomplete: 'url',
      required: true,
      hint: t('organizationRequest.websiteHint', { domain: account.emailDomain.domain }),
    }),
    field({
      name: 'phone',
      label: t('organizationRequest.phone'),
      type: 'tel',
      autocomplete: 'tel',
      required: true,
      hint: t('organizationRequest.phoneHint'),
      ...(registration ? { value: registration.phone } : {}),
    }),
    field({ name: 'taxId', label: t('organizationRequest.taxId'), hint: t('organizationRequest.taxIdHint') }),
    field({
      name: 'dunsNumber',
      label: t('organizationRequest.duns'),
      inputmode: 'numeric',
      hint: t('organizationRequest.dunsHint'),
    }),
    ...addressFields('address', registration?.address as Partial<Record<string, string>> | undefined),
    countryField({
      name: 'country',
      label: t('common.country'),
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
      h('legend', {}, t('organizationRequest.address')),
      fields.slice(5).map((one) => one.element),
    ),
    submitButton(t('organizationRequest.submit')),
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
      app.navigate('/onboarding', { message: t('organizationRequest.submitted') });
    });
  });
  replace(
    main,
    h('h1', {}, t('organizationRequest.title')),
    h('p', {}, t('organizationRequest.intro', { domain: account.emailDomain.domain })),
    form,
  );
}
