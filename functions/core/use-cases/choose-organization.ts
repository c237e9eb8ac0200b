import { nextStepOf, nextStepWordsOf } from '../domain/onboarding';
import { ConflictError, ForbiddenError } from '../errors';
import { accountView } from './account-view';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';
import { joinByPolicy } from './register-business';
import { policyOf } from '../domain/membership-policy';
import * as problemDetails from '../i18n/details/compiled/index';

/**
 * Pick one division when several organizations share the email domain. Main path: the account is at
 * CHOOSE_ORGANIZATION → the chosen organization is active, owns the account's domain and does not admit by
 * invitation only → joins by its policy exactly as a single match does (AUTOMATIC: confirmation email, then
 * ACTIVE and member; APPROVAL: a join request, AWAITING_APPROVAL).
 * Failure paths: not at CHOOSE_ORGANIZATION → 409; an organization that is not a candidate for the caller's
 * domain, or does not exist → the same 403 (nothing is revealed about other organizations); email down → 503.
 */
export async function chooseOrganization(
  deps: Pick<
    Dependencies,
    'accounts' | 'organizations' | 'administrators' | 'mailer' | 'clock' | 'portalUrl' | 'locale'
  >,
  userId: string,
  organizationId: string,
) {
  const account = await loadAccount(deps, userId);
  if (account.state !== 'CHOOSE_ORGANIZATION') {
    throw new ConflictError('no-organization-choice', 'There is no organization to choose at this step.', {
      state: account.state,
      nextStep: nextStepOf(account.state),
    })
      .keyed(problemDetails.noOrganizationChoice)
      .nextStepKeyed(nextStepWordsOf(account.state));
  }
  const organization = await deps.organizations.getOrganization(organizationId);
  if (
    !organization ||
    organization.status !== 'ACTIVE' ||
    organization.kind !== 'CUSTOMER' ||
    !organization.domains.includes(account.emailDomain) ||
    // An INVITATION_ONLY division is not offered in the picker.
    policyOf(organization) === 'INVITATION_ONLY'
  ) {
    throw new ForbiddenError(
      'organization-not-available',
      'This organization is not one of the choices for your email domain.',
    ).keyed(problemDetails.notAChoice);
  }
  // The profile just read (consistently) decides the role and the policy: no second read of it.
  const joined = await joinByPolicy(
    deps,
    account,
    account.revision,
    organization,
    deps.clock.now(),
    'DIVISION_CHOICE',
    organization,
  );
  return { outcome: joined.outcome, account: accountView(joined.account, deps) };
}
