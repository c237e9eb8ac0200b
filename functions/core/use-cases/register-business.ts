import type { Account, BusinessRegistration, PostalAddress } from '../domain/account';
import { matchOrganizations, roleOnJoining, type Organization } from '../domain/organization';
import { activateMembership, assertCanRegisterBusiness, recordRegistration } from '../domain/onboarding';
import { emailTemplates } from '../email/templates';
import { ServiceUnavailableError } from '../errors';
import { logger } from '../logger';
import { ConcurrentUpdateError } from '../ports';
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
 * The role comes from the profile read here: the first person to join an organization without an administrator
 * becomes its administrator. Two "first" joiners at once: the store takes one; the other joins as a member.
 */
export async function activateInOrganization(
  deps: Pick<Dependencies, 'accounts' | 'organizations' | 'mailer' | 'portalUrl'>,
  account: Account,
  storedRevision: number,
  organization: Organization,
  now: Date,
  /** The profile, when the caller has just read it (consistently); else it is read here. */
  knownProfile?: Organization,
): Promise<Account> {
  // A copy found by domain does not carry the count of administrators; the profile does.
  const profile =
    knownProfile ?? (await deps.organizations.getOrganization(organization.organizationId)) ?? organization;
  const active = activateMembership(account, profile, now);
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
  let saved = active;
  await saveOrConflict(async () => {
    saved = await saveMembership(deps, active, storedRevision, profile);
  });
  return saved;
}

/**
 * Saves the membership; when joining as the first administrator was refused because someone else just became
 * it (the account itself unchanged), joins as a member instead. The email sent does not depend on the role.
 */
async function saveMembership(
  deps: Pick<Dependencies, 'accounts' | 'organizations'>,
  active: Account,
  storedRevision: number,
  organization: Organization,
): Promise<Account> {
  try {
    await deps.accounts.saveMembership(active, storedRevision, organization);
    return active;
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError) || active.role !== 'ADMINISTRATOR') throw error;
    const [latest, profile] = await Promise.all([
      deps.accounts.getAccount(active.userId),
      deps.organizations.getOrganization(organization.organizationId),
    ]);
    if (latest?.revision !== storedRevision || !profile || roleOnJoining(profile) !== 'MEMBER') throw error;
    const member: Account = { ...active, role: 'MEMBER' };
    await deps.accounts.saveMembership(member, storedRevision, profile);
    return member;
  }
}
