import type { Account } from '../../domain/account';
import { memberExited } from '../../domain/audit-log';
import { assertMayLeave, lastAdministrator } from '../../domain/email-change';
import { endMembership, removableMember } from '../../domain/membership-exit';
import type { Organization } from '../../domain/organization';
import * as emailTemplates from '../../email/templates';
import { ConflictError, NotFoundError } from '../../errors';
import { logger } from '../../logger';
import {
  ConcurrentUpdateError,
  LastAdministratorError,
  preparedSend,
  type AccountExitStore,
  type Clock,
  type IdentityProvider,
  type Mailer,
  type OrganizationDirectory,
  type PortalSettings,
} from '../../ports';
import { accountView } from '../account-view';
import { assertAdmitting, requirePortalMember, type PortalMember } from '../portal-access';
import { requireAdministrator } from './portal-context';
import * as problemDetails from '../../i18n/details/compiled/index';
import type { Locale } from '../../i18n/locale';

/**
 * The end of a membership (issue 15, item 4): an administrator removes a member, or a member leaves. Both are
 * one transaction (saveAccountLeavingOrganization, the email change's write): the account back to LIMITED
 * (REGISTER_BUSINESS), the membership deleted, the counts decreased under the last-administrator rule, the
 * person's product groups (private and shared) deleted, and the MEMBER_REMOVED / MEMBER_LEFT audit entry. Then
 * every session of the person is signed out (Cognito global sign-out). 3 DynamoDB round trips in sequence: the
 * accounts, then the profile ∥ the person's groups (∥ the suppression check of the removal notice), then the
 * transaction.
 */
export interface MembershipExitDependencies {
  readonly accounts: AccountExitStore;
  readonly organizations: Pick<OrganizationDirectory, 'getOrganization'>;
  readonly settings: Pick<PortalSettings, 'listOwnGroups'>;
  readonly identity: Pick<IdentityProvider, 'signOutEverywhere'>;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly portalUrl: string;
  /** The language of the answer's words (English when absent). */
  readonly locale?: Locale;
}

/**
 * An administrator removes `userId` from the caller's organization. Main path → `{userId, outcome: REMOVED,
 * groupsDeleted}`; the person is signed out everywhere and emailed `memberRemoved` (both best effort: the
 * removal stands, a failure is logged). Removing oneself is leaving (MEMBER_LEFT, no email).
 * Failure paths: a member → 403 administrators-only; no such member of the caller's organization (another
 * tenant's included) → 404; the last administrator while others remain → 409 last-administrator; changed
 * meanwhile → 409 concurrent-update; the organization deactivated → 403.
 */
export async function removeMember(deps: MembershipExitDependencies, callerId: string, userId: string) {
  const [member, target] = await Promise.all([
    requirePortalMember(deps, callerId),
    deps.accounts.getAccount(userId),
  ]);
  requireAdministrator(member);
  const person = removableMember(member.organizationId, target);
  const removal = person.userId !== member.account.userId;
  const notify = removal ? preparedSend(deps.mailer, person.email) : undefined;
  const { organization, groupsDeleted } = await endMembershipOf(deps, member, person, true);
  await Promise.all([
    signOut(deps, person.userId),
    notify?.(
      emailTemplates.memberRemoved({
        to: person.email,
        locale: person.locale,
        firstName: person.firstName,
        organizationName: organization.name,
        portalUrl: deps.portalUrl,
      }),
    ).catch((error: unknown) => logger.error('removal notice could not be sent', { error })),
  ]);
  return {
    userId: person.userId,
    outcome: removal ? ('REMOVED' as const) : ('LEFT' as const),
    groupsDeleted,
  };
}

/**
 * The caller leaves their organization, which the body names (`organizationId`: a stale page cannot make them
 * leave another one). Main path → `{outcome: LEFT, groupsDeleted, account}` (the account as GET /v1/me answers
 * it), then every session is signed out. Leaving is allowed even while operators have deactivated the
 * organization. Failure paths: not an active member → 403 business-account-required; another organization
 * named → 404; the last administrator while others remain → 409 last-administrator; changed meanwhile → 409.
 */
export async function leaveOrganization(
  deps: MembershipExitDependencies,
  callerId: string,
  organizationId: string,
) {
  const member = await requirePortalMember(deps, callerId);
  if (member.organizationId !== organizationId) {
    throw new NotFoundError('You are not a member of this organization.').keyed(problemDetails.notAMember);
  }
  const { account, groupsDeleted } = await endMembershipOf(deps, member, member.account, false);
  await signOut(deps, callerId);
  return {
    outcome: 'LEFT' as const,
    groupsDeleted,
    account: accountView(account, deps),
  };
}

/** Reads the profile and the person's groups together, then ends the membership in one transaction. */
async function endMembershipOf(
  deps: MembershipExitDependencies,
  member: PortalMember,
  person: Account,
  checkStatus: boolean,
): Promise<{ account: Account; organization: Organization; groupsDeleted: number }> {
  const [organization, groups] = await Promise.all([
    deps.organizations.getOrganization(member.organizationId),
    deps.settings.listOwnGroups(member.organizationId, person.userId),
  ]);
  if (!organization)
    throw new NotFoundError('Your organization no longer exists.').keyed(problemDetails.organizationGone);
  if (checkStatus) assertAdmitting(member, organization.status);
  const administratorLeaving = person.userId === member.account.userId;
  if (administratorLeaving) assertMayLeave(person, organization);
  else if (person.role === 'ADMINISTRATOR') assertOtherAdministrator(person, organization);
  const now = deps.clock.now();
  const next = endMembership(person, now);
  try {
    await deps.accounts.saveAccountLeavingOrganization(person, next, {
      entry: memberExited(member.organizationId, member.account, person, groups.length, now),
      groups,
    });
  } catch (error) {
    if (error instanceof LastAdministratorError) {
      throw administratorLeaving ? lastAdministrator(organization.name) : lastAdministratorOf(person);
    }
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'This member or their groups changed meanwhile. Reload and retry.',
      ).keyed(problemDetails.memberOrGroupsChanged);
    }
    throw error;
  }
  return { account: next, organization, groupsDeleted: groups.length };
}

/** The removal of an administrator keeps one (the remover is one, so only stale counts can refuse it). */
function assertOtherAdministrator(person: Account, organization: Organization): void {
  if ((organization.administratorCount ?? 0) <= 1 && (organization.memberCount ?? 0) > 1) {
    throw lastAdministratorOf(person);
  }
}

function lastAdministratorOf(person: Account): ConflictError {
  return new ConflictError(
    'last-administrator',
    `${person.firstName} ${person.lastName} is the last administrator of your organization, which has other members. Make another member an administrator first.`,
  ).keyed(problemDetails.lastAdministratorNamed, { firstName: person.firstName, lastName: person.lastName });
}

/** Every session of the person ends; the next API call is refused by their account's state anyway. */
async function signOut(deps: MembershipExitDependencies, userId: string): Promise<void> {
  await deps.identity
    .signOutEverywhere(userId)
    .catch((error: unknown) => logger.error('sign-out after the membership ended failed', { error }));
}
