import type { App } from '../app';
import type { Account, RegistrationBody } from '../api-types';
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
import { rememberCandidates } from './choose-organization';

/** PUT /v1/me/registration: the business details; the email's domain decides what comes next. */
export function registrationStep(app: App, main: HTMLElement, account: Account): void {
  const previous = account.registration;
  const fields = [
    field({
      name: 'companyName',
      label: 'Company name',
      autocomplete: 'organization',
      required: true,
      ...(previous ? { value: previous.companyName } : {}),
    }),
    field({
      name: 'jobTitle',
      label: 'Job title',
      autocomplete: 'organization-title',
      required: true,
      ...(previous ? { value: previous.jobTitle } : {}),
    }),
    field({
      name: 'phone',
      label: 'Work phone',
      type: 'tel',
      autocomplete: 'tel',
      required: true,
      hint: 'International format, starting with +, e.g. +49 30 1234567.',
      ...(previous ? { value: previous.phone } : {}),
    }),
    ...addressFields('address', previous?.address as Partial<Record<string, string>> | undefined),
    countryField({
      name: 'country',
      label: 'Country',
      required: true,
      value: previous?.country ?? account.country,
    }),
  ];
  const form = h(
    'form',
    {},
    fields.slice(0, 3).map((one) => one.element),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Business address'),
      fields.slice(3).map((one) => one.element),
    ),
    submitButton('Register business'),
  );
  const controller = new FormController(form, fields);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      const values = valuesOf(fields);
      const body: RegistrationBody = {
        companyName: values.companyName ?? '',
        jobTitle: values.jobTitle ?? '',
        phone: values.phone ?? '',
        address: addressOf(values, 'address'),
        country: values.country ?? '',
      };
      const answer = await app.api('PUT', '/v1/me/registration', { body });
      app.forgetAccount();
      if (answer.outcome === 'CHOOSE_ORGANIZATION') rememberCandidates(answer.candidates);
      const messages = {
        ACTIVE: 'Your business account is active.',
        CHOOSE_ORGANIZATION: 'Several divisions use your email domain: choose yours.',
        ORGANIZATION_REQUIRED: 'No organization uses your email domain yet: submit yours for review.',
        AWAITING_APPROVAL: 'Your request to join was sent to your organization’s administrators.',
        INVITATION_REQUIRED: 'Your organization admits people by invitation only.',
      } as const;
      app.navigate(answer.outcome === 'ACTIVE' ? '/portal' : '/onboarding', {
        message: messages[answer.outcome],
      });
    });
  });
  const closedRequest = account.organizationRequest;
  replace(
    main,
    h('h1', {}, 'Register your business'),
    h('p', {}, `Step 4 of 4. We match ${account.emailDomain.domain} to your company.`),
    closedRequest?.outcome
      ? h(
          'div',
          { class: 'notice' },
          h(
            'p',
            {},
            `The review of ${closedRequest.organization.legalName} ended: ${closedRequest.stage.toLowerCase()}.`,
          ),
          closedRequest.outcome.reason ? h('p', {}, `Reason: ${closedRequest.outcome.reason}`) : null,
        )
      : null,
    account.restrictions.map((restriction) => h('p', { class: 'notice' }, restriction.detail)),
    form,
  );
}
