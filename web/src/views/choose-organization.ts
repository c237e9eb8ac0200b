import type { App } from '../app';
import type { Account, OrganizationCandidate } from '../api-types';
import { countryName } from '../countries';
import { h, replace } from '../dom';
import { FormController, radioGroup, submitButton } from '../forms';
import { t } from '../i18n';

/** The divisions the registration answered, for this page's life (GET /v1/me does not list them). */
let rememberedCandidates: readonly OrganizationCandidate[] | undefined;

export function rememberCandidates(candidates: readonly OrganizationCandidate[]): void {
  rememberedCandidates = candidates;
}

/**
 * Several organizations own the email domain: PUT /v1/me/organization with the division chosen. After a
 * reload the candidates are asked for again by re-sending the stored registration (allowed in this state).
 */
export async function chooseOrganizationStep(app: App, main: HTMLElement, account: Account): Promise<void> {
  let candidates = rememberedCandidates;
  if (!candidates && account.registration) {
    const { submittedAt: _submittedAt, ...registration } = account.registration;
    const answer = await app.api('PUT', '/v1/me/registration', { body: registration });
    if (answer.outcome !== 'CHOOSE_ORGANIZATION') {
      app.navigate('/onboarding', { replace: true });
      return;
    }
    candidates = answer.candidates;
  }
  const division = radioGroup({
    name: 'organizationId',
    legend: t('chooseOrganization.legend'),
    choices: (candidates ?? []).map((candidate) => ({
      value: candidate.organizationId,
      label: candidate.name,
      hint: `${candidate.city}, ${countryName(candidate.country)}`,
    })),
  });
  const form = h('form', {}, division.element, submitButton(t('chooseOrganization.submit')));
  const controller = new FormController(form, [], [division.target]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void controller.submit(async () => {
      // Nothing chosen: the API's validation error names /organizationId.
      const organizationId = division.value() ?? '';
      const answer = await app.api('PUT', '/v1/me/organization', { body: { organizationId } });
      rememberedCandidates = undefined;
      app.forgetAccount();
      if (answer.outcome === 'AWAITING_APPROVAL') {
        app.navigate('/onboarding', {
          message: t('chooseOrganization.awaitingApproval'),
        });
      } else {
        app.navigate('/portal', { message: t('onboarding.active') });
      }
    });
  });
  replace(
    main,
    h('h1', {}, t('chooseOrganization.title')),
    h('p', {}, t('chooseOrganization.intro', { domain: account.emailDomain.domain })),
    form,
  );
}
