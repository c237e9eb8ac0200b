import type { Account } from '../domain/account';
import type { Organization } from '../domain/organization';
import { nextStepOf, nextStepWordsOf } from '../domain/onboarding';
import { admitsMembers } from '../domain/organization-directory';
import { ForbiddenError } from '../errors';
import type { OrganizationStatusReader } from '../ports';
import type { Dependencies } from './dependencies';
import { loadAccount } from './get-account';
import * as problemDetails from '../i18n/details/compiled/index';

export interface PortalMember {
  readonly account: Account;
  readonly organizationId: string;
}

/** What deciding portal access reads: the caller's account, then their organization's status. */
export interface PortalAccessDependencies extends Pick<Dependencies, 'accounts'> {
  readonly organizationStatus: OrganizationStatusReader;
}

/**
 * Every portal route goes through this: the caller's organization comes from their own account (never from
 * the request), and only an ACTIVE business account gets in. The organization's own status is checked by
 * `readAsPortalMember` and `requirePortalWriter`, which every portal handler uses.
 */
export async function requirePortalMember(
  deps: Pick<Dependencies, 'accounts'>,
  userId: string,
): Promise<PortalMember> {
  const account = await loadAccount(deps, userId);
  if (account.state !== 'ACTIVE' || !account.organizationId) {
    throw new ForbiddenError(
      'business-account-required',
      'The portal opens once your business account is active.',
      { state: account.state, nextStep: nextStepOf(account.state) },
    )
      .keyed(problemDetails.businessAccountRequired)
      .nextStepKeyed(nextStepWordsOf(account.state));
  }
  return { account, organizationId: account.organizationId };
}

/**
 * Refuses the members of an organization that operators deactivated (SUSPENDED): they keep their accounts, and
 * the portal opens again when it is reactivated.
 */
export async function requireAdmittingOrganization(
  deps: Pick<PortalAccessDependencies, 'organizationStatus'>,
  member: PortalMember,
): Promise<void> {
  assertAdmitting(member, await deps.organizationStatus.statusOf(member.organizationId));
}

/**
 * The check of requireAdmittingOrganization on a status the caller read itself (a write that reads the profile
 * anyway saves the status read: its round trip).
 */
export function assertAdmitting(member: PortalMember, status: Organization['status'] | undefined): void {
  // No profile at all is not this check's to judge: the route's own reads find nothing to show.
  if (status !== undefined && !admitsMembers({ status })) {
    throw new ForbiddenError(
      'organization-deactivated',
      'Your organization has been deactivated in Portico. Your account is kept; the portal opens again when ' +
        'the organization is reactivated. Contact your vendor for details.',
      { organizationId: member.organizationId },
    ).keyed(problemDetails.organizationDeactivated);
  }
}

/**
 * Who asks for a portal read: their user id, and the organization their ID token names (ORGANIZATION_CLAIM), a
 * hint only ever used when the account says the same.
 */
export interface PortalCaller {
  readonly userId: string;
  readonly organizationHint?: string | undefined;
}

/**
 * The reads a route starts for the organization the caller's token names, beside the account, so that what it
 * plans on is known after one round trip rather than two; undefined when the route has nothing to gain.
 */
export type EarlyReads<E> = (organizationId: string) => Promise<E> | undefined;

/**
 * A portal read: the caller's membership, then `read` beside the organization's status check (in parallel, so
 * the check adds no round trip in sequence). A deactivated organization's answer is dropped for the 403.
 * When the caller's token names an organization, its status and the route's `early` reads start beside the
 * account; `read` gets the early reads only when the account's organization is the one named, and they are
 * dropped unused otherwise (a token issued before the person changed organization or left one).
 */
export async function readAsPortalMember<T, E = never>(
  deps: PortalAccessDependencies,
  caller: string | PortalCaller,
  read: (member: PortalMember, early?: Promise<E>) => Promise<T>,
  early?: EarlyReads<E>,
): Promise<T> {
  const { userId, organizationHint: hint } = typeof caller === 'string' ? { userId: caller } : caller;
  const status = startEarly(hint, (organizationId) => deps.organizationStatus.statusOf(organizationId));
  const reads = startEarly(hint, early);
  const member = await requirePortalMember(deps, userId);
  const confirmed = member.organizationId === hint;
  const [admitted, answer] = await Promise.allSettled([
    confirmed && status
      ? status.then((read) => assertAdmitting(member, read))
      : requireAdmittingOrganization(deps, member),
    read(member, confirmed ? reads : undefined),
  ]);
  if (admitted.status === 'rejected') throw admitted.reason;
  if (answer.status === 'rejected') throw answer.reason;
  return answer.value;
}

/** `start` run for the organization the token names, if any; a failure counts as handled until it is used. */
function startEarly<E>(hint: string | undefined, start: EarlyReads<E> | undefined): Promise<E> | undefined {
  const reads = hint === undefined ? undefined : start?.(hint);
  reads?.catch(() => undefined);
  return reads;
}

/**
 * The caller's membership (requirePortalMember) with `early` started beside the account for the organization
 * their token names, handed back only when the account confirms it: for a route that checks the organization's
 * status in its own reads (an export's overview carries it) rather than through readAsPortalMember.
 */
export async function requirePortalMemberReading<E>(
  deps: Pick<Dependencies, 'accounts'>,
  caller: PortalCaller,
  early: EarlyReads<E>,
): Promise<{ readonly member: PortalMember; readonly early?: Promise<E> | undefined }> {
  const reads = startEarly(caller.organizationHint, early);
  const member = await requirePortalMember(deps, caller.userId);
  return { member, early: member.organizationId === caller.organizationHint ? reads : undefined };
}

/** A portal write: the caller's membership and their organization's status, both before anything is written. */
export async function requirePortalWriter(
  deps: PortalAccessDependencies,
  userId: string,
): Promise<PortalMember> {
  const member = await requirePortalMember(deps, userId);
  await requireAdmittingOrganization(deps, member);
  return member;
}

/**
 * The organization's status check of a write, already under way: a write awaits it after its own reads and
 * before it writes anything (it throws 403 organization-deactivated).
 */
export type Admission = () => Promise<void>;

/** For a write whose caller checked the status already (or a test): admits at once. */
export const ADMITTED: Admission = async () => undefined;

/**
 * A portal write whose own reads go beside the organization's status: the account is read, then `write` runs at
 * once with the member and the status check under way (`admitted`), which it awaits before it writes. So a write
 * that reads before it writes takes the account, its reads and its write in sequence (3 round trips), not the
 * account, the status, its reads and its write (4). As with readAsPortalMember, a deactivated organization's 403
 * comes before any answer of the write's own reads (a 404, a 409).
 */
export async function writeAsPortalMember<T>(
  deps: PortalAccessDependencies,
  userId: string,
  write: (member: PortalMember, admitted: Admission) => Promise<T>,
): Promise<T> {
  const member = await requirePortalMember(deps, userId);
  const status = requireAdmittingOrganization(deps, member);
  // Awaited below in every case; this only keeps an early refusal from counting as unhandled meanwhile.
  status.catch(() => undefined);
  let answer: T;
  try {
    answer = await write(member, () => status);
  } catch (error) {
    await status;
    throw error;
  }
  await status;
  return answer;
}
