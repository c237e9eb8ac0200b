import type { Account, BusinessRegistration, PostalAddress } from '../domain/account';
import { matchOrganizations, type Organization } from '../domain/organization';
import { activateMembership, assertCanRegisterBusiness, recordRegistration } from '../domain/onboarding';
import { emailTemplates } from '../email/templates';
import { ServiceUnavailableError } from '../errors';
import { logger } from '../logger';
import { accountView } from './account-view';
import { saveOrConflict } from './choose-access-type';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';

export interface RegisterBusinessInput {
  readonly companyName: string;
  readonly jobTitle: string;
  readonly phone: string;
  readonly address: PostalAddress;
  readonly country: string;
}

/**
 * Business registration. Main path: the account may register (verified, customer employee, work email) →
 * the organizations owning the email domain are found with one index query →
 * - exactly one: the confirmation email is sent, then the account becomes ACTIVE and a member, atomically —
 *   the portal opens only after both;
 * - several: CHOOSE_ORGANIZATION, with the candidate divisions;
 * - none: ORGANIZATION_REQUIRED.
 * Failure paths: personal/disposable email → 422; not verified → 403; partner or already active → 409;
 * email unavailable → 503 with nothing saved, so the same request can simply be retried.
 */
export async function registerBusiness(
  deps: Pick<Dependencies, 'accounts' | 'organizations' | 'mailer' | 'clock' | 'portalUrl'>,
  userId: string,
  input: RegisterBusinessInput,
) {
  const account = await loadAccount(deps, userId);
  assertCanRegisterBusiness(account);
  const now = deps.clock.now();
  const registration: BusinessRegistration = { ...input, submittedAt: now.toISOString() };
  const match = matchOrganizations(await deps.organizations.findByEmailDomain(account.emailDomain));
  const registered = recordRegistration(account, registration, match, now);

  if (match.outcome !== 'SINGLE') {
    await saveOrConflict(() => deps.accounts.saveAccount(registered, account.revision));
    return match.outcome === 'SEVERAL'
      ? {
          outcome: 'CHOOSE_ORGANIZATION' as const,
          candidates: match.candidates,
          account: accountView(registered, deps.portalUrl),
        }
      : { outcome: 'ORGANIZATION_REQUIRED' as const, account: accountView(registered, deps.portalUrl) };
  }

  const active = await activateInOrganization(deps, registered, account.revision, match.organization, now);
  return { outcome: 'ACTIVE' as const, account: accountView(active, deps.portalUrl) };
}

/**
 * Opens the business account in `organization`: the confirmation email goes first, then the account becomes
 * ACTIVE and a member atomically, so the portal never opens without the email. Email down → 503, nothing saved.
 */
export async function activateInOrganization(
  deps: Pick<Dependencies, 'accounts' | 'mailer' | 'portalUrl'>,
  account: Account,
  storedRevision: number,
  organization: Organization,
  now: Date,
): Promise<Account> {
  const active = activateMembership(account, organization, now);
  try {
    await deps.mailer.send(
      emailTemplates.businessAccountActive({
        to: active.email,
        firstName: active.firstName,
        organizationName: organization.name,
        portalUrl: deps.portalUrl,
      }),
    );
  } catch (error) {
    logger.error('confirmation email could not be sent', { error });
    throw new ServiceUnavailableError(
      'We could not send your confirmation email. Nothing was saved: retry shortly.',
    );
  }
  await saveOrConflict(() => deps.accounts.saveMembership(active, storedRevision, organization));
  return active;
}
