import { memberJoined, type AuditEntry, type JoinRoute } from '../domain/audit-log';
import type { Account, BusinessRegistration, PostalAddress } from '../domain/account';
import { matchOrganizations, roleOnJoining, type Organization } from '../domain/organization';
import { activateMembership, assertCanRegisterBusiness, recordRegistration } from '../domain/onboarding';
import {
  awaitApproval,
  joinRequestOf,
  matchForJoining,
  policyOf,
  type JoinRequest,
} from '../domain/membership-policy';
import type { Invitation } from '../domain/invitation';
import * as emailTemplates from '../email/templates';
import { ForbiddenError, ServiceUnavailableError, UnprocessableError } from '../errors';
import { logger } from '../logger';
import { type ActivationOutcome, metrics } from '../metrics';

/** The Activations metric's outcome of each way of joining. */
const ACTIVATION_OUTCOME_OF: { readonly [Via in JoinRoute]: ActivationOutcome } = {
  DOMAIN: 'single',
  DIVISION_CHOICE: 'division',
  ORGANIZATION_REQUEST: 'review',
  // An approved join request: the domain matched this one organization (the outcomes are kept).
  APPROVAL: 'single',
  INVITATION: 'invitation',
};
import { ConcurrentUpdateError } from '../ports';
import { accountView } from './account-view';
import { saveOrConflict } from './choose-access-type';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';
import * as problemDetails from '../i18n/details/compiled/index';

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
 * - exactly one, AUTOMATIC policy: the confirmation email is sent, then the account becomes ACTIVE and a member,
 *   atomically — the portal opens only after both (a MEMBER if the organization has an administrator, else its
 *   first ADMINISTRATOR; the organization's profile is read only for its first joiner);
 * - exactly one, APPROVAL policy: a join request, AWAITING_APPROVAL, the administrators emailed (joinByPolicy);
 * - several: CHOOSE_ORGANIZATION, with the candidate divisions (not the INVITATION_ONLY ones);
 * - owners that all admit by invitation only: INVITATION_REQUIRED (ask your administrator);
 * - none: ORGANIZATION_REQUIRED.
 * Failure paths: personal/disposable email → 422; not verified → 403; partner or already active → 409;
 * email unavailable → 503 with nothing saved, so the same request can simply be retried.
 */
export async function registerBusiness(
  deps: Pick<
    Dependencies,
    'accounts' | 'organizations' | 'administrators' | 'mailer' | 'clock' | 'portalUrl' | 'locale'
  >,
  userId: string,
  input: RegisterBusinessInput,
) {
  const account = await loadAccount(deps, userId);
  try {
    assertCanRegisterBusiness(account);
  } catch (error) {
    if (error instanceof UnprocessableError) metrics.count('WebmailRegistrationsRefused');
    throw error;
  }
  const now = deps.clock.now();
  const registration: BusinessRegistration = { ...input, submittedAt: now.toISOString() };
  const owners = await deps.organizations.findByEmailDomain(account.emailDomain);
  const match = matchForJoining(matchOrganizations(owners), owners);
  const registered = recordRegistration(account, registration, match, now);

  if (match.outcome !== 'SINGLE') {
    await saveOrConflict(() => deps.accounts.saveAccount(registered, account.revision));
    const view = accountView(registered, deps);
    if (match.outcome === 'SEVERAL') {
      return { outcome: 'CHOOSE_ORGANIZATION' as const, candidates: match.candidates, account: view };
    }
    return match.outcome === 'INVITATION_ONLY'
      ? { outcome: 'INVITATION_REQUIRED' as const, account: view }
      : { outcome: 'ORGANIZATION_REQUIRED' as const, account: view };
  }

  const joined = await joinByPolicy(deps, registered, account.revision, match.organization, now, 'DOMAIN');
  return { outcome: joined.outcome, account: accountView(joined.account, deps) };
}

/**
 * A person whose domain matched `organization` (by registration, division choice or a new email address)
 * joins it as its membership policy says: AUTOMATIC → at once (activateInOrganization); APPROVAL → a join
 * request (AWAITING_APPROVAL, LIMITED), its administrators emailed. INVITATION_ONLY organizations are never
 * offered (matchForJoining), and refused here as not available.
 */
export async function joinByPolicy(
  deps: Pick<
    Dependencies,
    'accounts' | 'organizations' | 'administrators' | 'mailer' | 'portalUrl' | 'locale'
  >,
  account: Account,
  storedRevision: number,
  organization: Organization,
  now: Date,
  via: 'DOMAIN' | 'DIVISION_CHOICE',
  knownProfile?: Organization,
): Promise<{ readonly outcome: 'ACTIVE' | 'AWAITING_APPROVAL'; readonly account: Account }> {
  const policy = policyOf(knownProfile ?? organization);
  if (policy === 'AUTOMATIC') {
    const active = await activateInOrganization(
      deps,
      account,
      storedRevision,
      organization,
      now,
      via,
      knownProfile,
    );
    return { outcome: 'ACTIVE', account: active };
  }
  // The same checks as joining at once: a registered work address the organization owns, and it is active.
  activateMembership(account, organization, now, 'MEMBER');
  if (policy === 'INVITATION_ONLY') {
    throw new ForbiddenError(
      'organization-not-available',
      `${organization.name} admits people by invitation only: ask your administrator to invite you.`,
    ).keyed(problemDetails.invitationOnly, { organization: organization.name });
  }
  const waiting = awaitApproval(account, organization, now);
  const request = joinRequestOf(account, organization, now);
  const [, administrators] = await Promise.all([
    saveOrConflict(() => deps.accounts.fileJoinRequest(waiting, storedRevision, request)),
    deps.administrators.administratorContacts(organization.organizationId).catch((error: unknown) => {
      logger.error('administrators of a join request could not be read', { error });
      return [];
    }),
  ]);
  metrics.count('JoinRequests');
  // The request is filed: an email that fails is logged, and the administrators still see it in the portal.
  await Promise.all(
    administrators.map((administrator) =>
      deps.mailer
        .send(
          emailTemplates.joinRequestReceived({
            to: administrator.email,
            locale: administrator.locale,
            firstName: administrator.firstName,
            organizationName: organization.name,
            requester: request,
            portalUrl: deps.portalUrl,
          }),
        )
        .catch((error: unknown) => logger.error('join request email could not be sent', { error })),
    ),
  );
  return { outcome: 'AWAITING_APPROVAL', account: waiting };
}

/**
 * Opens the business account in `organization`: the confirmation email goes first, then the account becomes
 * ACTIVE and a member atomically, so the portal never opens without the email. Email down → 503, nothing saved.
 * The first person to join an organization without an administrator becomes its administrator. With the
 * profile just read (`knownProfile`), its count of administrators decides the role to try; without it (a
 * single match found by domain, whose copy does not carry the count) the person joins as a MEMBER, which the
 * store only takes while the organization has an administrator: most people join without the profile being
 * read. Whoever the store refuses for the role (the first joiner, or two "first" joiners at once) has the
 * profile read and joins with the role it calls for.
 */
export async function activateInOrganization(
  deps: Pick<Dependencies, 'accounts' | 'organizations' | 'mailer' | 'portalUrl' | 'locale'>,
  account: Account,
  storedRevision: number,
  organization: Organization,
  now: Date,
  /** How the person came to this organization, for the audit log. */
  via: JoinRoute,
  /** The profile, when the caller has just read it (consistently). */
  knownProfile?: Organization,
  /** The join request an administrator approved: consumed by the join's transaction (one decision wins). */
  approvedRequest?: Pick<JoinRequest, 'organizationId' | 'userId'>,
): Promise<Account> {
  const active = knownProfile
    ? activateMembership(account, knownProfile, now)
    : activateMembership(account, organization, now, 'MEMBER');
  return joinOrganization(deps, active, storedRevision, organization, now, via, { approvedRequest });
}

/** What a join consumes in its own transaction (a decided join request, an accepted invitation). */
export interface JoinConsumes {
  readonly approvedRequest?: Pick<JoinRequest, 'organizationId' | 'userId'> | undefined;
  readonly acceptedInvitation?: Pick<Invitation, 'organizationId' | 'invitationId' | 'tokenHash'> | undefined;
}

/**
 * The join itself, for an account already moved to ACTIVE in `organization` (`active`): the confirmation email
 * first (down → 503, nothing saved), then the account, the membership, the counts and the MEMBER_JOINED entry
 * in one transaction, with what the join consumes; the role retried as activateInOrganization says.
 */
export async function joinOrganization(
  deps: Pick<Dependencies, 'accounts' | 'organizations' | 'mailer' | 'portalUrl'>,
  active: Account,
  storedRevision: number,
  organization: Organization,
  now: Date,
  via: JoinRoute,
  consumes: JoinConsumes = {},
): Promise<Account> {
  try {
    await deps.mailer.send(
      emailTemplates.businessAccountActive({
        to: active.email,
        locale: active.locale,
        firstName: active.firstName,
        organizationName: organization.name,
        portalUrl: deps.portalUrl,
      }),
    );
  } catch (error) {
    logger.error('confirmation email could not be sent', { error });
    throw new ServiceUnavailableError(
      'We could not send your confirmation email. Nothing was saved: retry shortly.',
    ).keyed(problemDetails.confirmationNotSent);
  }
  let saved = active;
  await saveOrConflict(async () => {
    saved = await saveMembership(
      deps,
      active,
      storedRevision,
      organization,
      (joined) => memberJoined(organization.organizationId, joined, via, now),
      consumes,
    );
  });
  metrics.count('Activations', ACTIVATION_OUTCOME_OF[via]);
  return saved;
}

/**
 * Joins with the first role, then again with the role the profile calls for: a crowd joining a new organization
 * takes three (member refused, administrator taken by someone else, member), and a transaction that lost to
 * concurrent ones more than its own retries allow (transactions.ts) may take one or two more.
 */
const MEMBERSHIP_TRIES = 5;

/**
 * Saves the membership. When the store refuses it while the account is unchanged and the organization active,
 * the refusal was the role's, or a crowd of concurrent joiners: the profile is read (consistently), and the
 * person joins again with the role it calls for — a member while an administrator exists, else the
 * administrator. Anything else stays a refusal (409). The email sent does not depend on the role.
 */
async function saveMembership(
  deps: Pick<Dependencies, 'accounts' | 'organizations'>,
  active: Account,
  storedRevision: number,
  organization: Organization,
  /** The audit entry of the join, with the role finally taken. */
  joinedEntry: (joined: Account) => AuditEntry,
  consumes: JoinConsumes,
): Promise<Account> {
  let attempt = active;
  for (let tries = 1; ; tries += 1) {
    try {
      await deps.accounts.saveMembership(
        attempt,
        storedRevision,
        organization,
        joinedEntry(attempt),
        consumes.approvedRequest,
        consumes.acceptedInvitation,
      );
      return attempt;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || tries >= MEMBERSHIP_TRIES) throw error;
      const [latest, profile] = await Promise.all([
        deps.accounts.getAccount(attempt.userId),
        deps.organizations.getOrganization(organization.organizationId),
      ]);
      if (latest?.revision !== storedRevision || profile?.status !== 'ACTIVE') throw error;
      // Joining by the domain alone no longer holds once the policy changed: register again to be re-decided.
      const entry = joinedEntry(attempt);
      const byDomain =
        entry.kind === 'MEMBER_JOINED' &&
        (entry.details.via === 'DOMAIN' || entry.details.via === 'DIVISION_CHOICE');
      if (byDomain && policyOf(profile) !== 'AUTOMATIC') throw error;
      // An invited administrator stays one (the store takes them whatever the count).
      const invitedAdministrator =
        consumes.acceptedInvitation !== undefined && attempt.role === 'ADMINISTRATOR';
      attempt = { ...attempt, role: invitedAdministrator ? 'ADMINISTRATOR' : roleOnJoining(profile) };
    }
  }
}
