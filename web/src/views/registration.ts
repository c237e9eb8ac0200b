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
import { t } from '../i18n';

/** PUT /v1/me/registration: the business details; the email's domain decides what comes next. */
export function registrationStep(app: App, main: HTMLElement, account: Account): void {
  const previous = account.registration;
  const fields = [
    field({
      name: 'companyName',
      label: t('registration.companyName'),
      autocomplete: 'organization',
      required: true,
      ...(previous ? { value: previous.companyName } : {}),
    }),
    field({
      name: 'jobTitle',
      label: t('registration.jobTitle'),
      autocomplete: 'organization-title',
      required: true,
      ...(previous ? { value: previous.jobTitle } : {}),
    }),
    field({
      name: 'phone',
      label: t('registration.phone'),
      type: 'tel',
      autocomplete: 'tel',
      required: true,
      hint: t('registration.phoneHint'),
      ...(previous ? { value: previous.phone } : {}),
    }),
    ...addressFields('address', previous?.address as Partial<Record<string, string>> | undefined),
    countryField({
      name: 'country',
      label: t('common.country'),
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
      h('legend', {}, t('registration.address')),
      fields.slice(3).map((one) => one.element),
    ),
    submitButton(t('registration.submit')),
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
        ACTIVE: t('onboarding.active'),
        CHOOSE_ORGANIZATION: t('onboarding.chooseOrganization'),
        ORGANIZATION_REQUIRED: t('onboarding.organizationRequired'),
        AWAITING_APPROVAL: t('onboarding.awaitingApproval'),
        INVITATION_REQUIRED: t('onboarding.invitationRequired'),
      };
      app.navigate(answer.outcome === 'ACTIVE' ? '/portal' : '/onboarding', {
        message: messages[answer.outcome],
      });
    });
  });
  const closedRequest = account.organizationRequest;
  replace(
    main,
    h('h1', {}, t('registration.title')),
    h('p', {}, t('registration.step', { domain: account.emailDomain.domain })),
    closedRequest?.outcome
      ? h(
          'div',
          { class: 'notice' },
          h(
            'p',
            {},
            t('registration.reviewEnded', {
              organization: closedRequest.organization.legalName,
              stage: closedRequest.stage,
            }),
          ),
          closedRequest.outcome.reason
            ? h('p', {}, t('registration.reason', { reason: closedRequest.outcome.reason }))
            : null,
        )
      : null,
    account.restrictions.map((restriction) => h('p', { class: 'notice' }, restriction.detail)),
    form,
  );
}
