import type { Account } from './account';
import { ConflictError, NotFoundError } from '../errors';
import type { Organization, OrganizationMatch } from './organization';
import { toCandidate } from './organization';
import * as problemDetails from '../i18n/details/compiled/index';

/**
 * How an organization admits the people whose email domain it owns (issue 15, docs/membership.md):
 * - AUTOMATIC (the default, and every organization that never set one): they join at once;
 * - APPROVAL: they file a join request, which its administrators approve or decline; until then LIMITED;
 * - INVITATION_ONLY: the domain offers nothing; only an invitation lets a person in.
 * Divisions sharing a domain each have their own policy. Partners are not concerned (customers only).
 */
export const MEMBERSHIP_POLICIES = ['AUTOMATIC', 'APPROVAL', 'INVITATION_ONLY'] as const;
export type MembershipPolicy = (typeof MEMBERSHIP_POLICIES)[number];

export function policyOf(organization: Pick<Organization, 'membershipPolicy'>): MembershipPolicy {
  return organization.membershipPolicy ?? 'AUTOMATIC';
}

/**
 * What a person's email domain offers them, by the owners' policies: the owners matched as by
 * matchOrganizations (active customers), then
 * - one owner → SINGLE (AUTOMATIC: joins; APPROVAL: a join request), unless it is INVITATION_ONLY;
 * - several owners → SEVERAL with the divisions that admit by domain (an INVITATION_ONLY division is not
 *   offered), even when only one is left: the person still says which division they belong to;
 * - owners that all admit by invitation only → INVITATION_ONLY (ask your administrator);
 * - none → NONE.
 */
export type JoinMatch = OrganizationMatch | { readonly outcome: 'INVITATION_ONLY' };

export function matchForJoining(match: OrganizationMatch, owners: readonly Organization[]): JoinMatch {
  if (match.outcome === 'NONE') return match;
  if (match.outcome === 'SINGLE') {
    return policyOf(match.organization) === 'INVITATION_ONLY' ? { outcome: 'INVITATION_ONLY' } : match;
  }
  const offered = new Set(match.candidates.map((candidate) => candidate.organizationId));
  const open = owners
    .filter((owner) => offered.has(owner.organizationId) && policyOf(owner) !== 'INVITATION_ONLY')
    .map(toCandidate)
    .sort((a, b) => a.name.localeCompare(b.name));
  return open.length === 0 ? { outcome: 'INVITATION_ONLY' } : { outcome: 'SEVERAL', candidates: open };
}

/** A person asking to join an organization with the APPROVAL policy; one per person and organization. */
export interface JoinRequest {
  readonly organizationId: string;
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  /** From their business registration. */
  readonly jobTitle: string;
  readonly requestedAt: string;
}

/** The join request of `account` (which has its registration) to `organization`. */
export function joinRequestOf(account: Account, organization: Organization, now: Date): JoinRequest {
  return {
    organizationId: organization.organizationId,
    userId: account.userId,
    email: account.email,
    firstName: account.firstName,
    lastName: account.lastName,
    jobTitle: account.registration?.jobTitle ?? '',
    requestedAt: now.toISOString(),
  };
}

/** The account waiting for the administrators of `organization` (LIMITED, state AWAITING_APPROVAL). */
export function awaitApproval(account: Account, organization: Organization, now: Date): Account {
  return {
    ...account,
    state: 'AWAITING_APPROVAL',
    joinRequest: {
      organizationId: organization.organizationId,
      organizationName: organization.name,
      requestedAt: now.toISOString(),
    },
    organizationId: undefined,
    organizationName: undefined,
    role: undefined,
    updatedAt: now.toISOString(),
    revision: account.revision + 1,
  };
}

/** The longest reason an administrator may give when declining (it is emailed to the person). */
export const DECLINE_REASON_MAX = 500;

/**
 * The join request `request` of `account` to `organizationId` may be decided: it exists (else 404) and the
 * person still waits for that organization (else 409 join-request-decided: decided by another administrator,
 * or the person moved on). Answers the account, for the decision.
 */
export function decidableRequest(
  organizationId: string,
  request: JoinRequest | undefined,
  account: Account | undefined,
): { readonly request: JoinRequest; readonly account: Account } {
  if (!request)
    throw new NotFoundError('There is no join request of this person to your organization.').keyed(
      problemDetails.noJoinRequest,
    );
  if (
    !account ||
    account.state !== 'AWAITING_APPROVAL' ||
    account.joinRequest?.organizationId !== organizationId
  ) {
    throw new ConflictError(
      'join-request-decided',
      'This join request was already decided, or the person no longer waits for your organization. Reload the list.',
    ).keyed(problemDetails.joinRequestDecided);
  }
  return { request, account };
}

/**
 * The waiting account as it was registered, its join request about to be approved: back in REGISTER_BUSINESS
 * with joinRequest cleared, so that activateMembership applies the same checks as to a single domain match.
 * Never stored as such (activation moves it to ACTIVE; the revision is not touched here).
 */
export function leaveApprovalWait(account: Account): Account {
  return { ...account, state: 'REGISTER_BUSINESS', joinRequest: undefined };
}

/**
 * A declined request: the person goes back to a clear LIMITED state, INVITATION_REQUIRED (only an invitation
 * lets them in now; registering again re-decides by the policy of the day), joinRequest cleared.
 */
export function declineJoinRequest(account: Account, now: Date): Account {
  return {
    ...account,
    state: 'INVITATION_REQUIRED',
    joinRequest: undefined,
    updatedAt: now.toISOString(),
    revision: account.revision + 1,
  };
}

/** A reason as given: trimmed, empty → none. */
export function declineReasonOf(reason: string | undefined): string | undefined {
  const trimmed = reason?.trim();
  return trimmed ? trimmed : undefined;
}
