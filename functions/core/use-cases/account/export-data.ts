import type { Account } from '../../domain/account';
import { purposeOf, type CodeState } from '../../domain/one-time-code';
import type { OrganizationRequest } from '../../domain/organization-request';
import type { PasswordAttempts } from '../../domain/password-attempts';
import type { ProductGroup } from '../../domain/product-group';
import { NotFoundError } from '../../errors';
import type { AccountStore, Clock, Member, PersonalDataReader } from '../../ports';
import * as problemDetails from '../../i18n/details/compiled/index';

export interface ExportDependencies {
  readonly accounts: AccountStore;
  readonly personalData: PersonalDataReader;
  readonly clock: Clock;
}

/** What Portico does not keep, said in the export so that its silence is not mistaken for an omission. */
export const NOT_KEPT = [
  'Emails sent to you: Portico hands them to Amazon SES and keeps neither their text nor a list of them.',
  'Your password: only Amazon Cognito holds it, as a salted hash Portico cannot read.',
  'Codes emailed to you: only an HMAC of the live code is kept, never the code; the export shows when codes were sent.',
  'Answers kept for 24 hours under the Idempotency-Key headers of your requests, so that a repeated request gets the same answer; they are stored under a one-way digest and then deleted.',
] as const;

/**
 * Export my data: everything Portico stores about the caller, as one JSON document — the account (profile,
 * onboarding, business registration), the membership and role, the groups they own, the organization request
 * they submitted or joined (their own part of it only: no other requester, no operator), the record of codes
 * sent to their address and of wrong passwords. Nothing about anyone else.
 * Reads: the account, then the rest together (one BatchGetItem and one Query, personal-data.reader.ts).
 * Failure paths: no account (an operator, or a deleted account) → 404.
 */
export async function exportMyData(deps: ExportDependencies, caller: { readonly userId: string }) {
  const account = await deps.accounts.getAccount(caller.userId);
  if (!account)
    throw new NotFoundError('There is no Portico account for this user.').keyed(
      problemDetails.noPorticoAccount,
    );
  const { codes, passwordAttempts, membership, groups, request } = await deps.personalData.read(account);
  return {
    exportedAt: deps.clock.now().toISOString(),
    account: accountPart(account),
    membership: membership ? membershipPart(membership, account) : null,
    groups: groups.map(groupPart),
    organizationRequest: request ? requestPart(request, account.userId) : null,
    emailCodes: codes && codes.userId === account.userId ? codesPart(codes) : null,
    passwordAttempts: passwordAttempts ? attemptsPart(passwordAttempts) : null,
    notKept: [...NOT_KEPT],
  };
}

function accountPart(account: Account) {
  // The reminder schedule, the revision and whether the address item is claimed (a cache of reconciliation's
  // backfill, docs/identity.md) are bookkeeping, not facts about the person.
  const { reminderDueAt: _due, revision: _revision, ownsAddressItem: _owned, ...facts } = account;
  return facts;
}

function membershipPart(member: Member, account: Account) {
  return {
    organizationId: account.organizationId ?? '',
    organizationName: account.organizationName ?? '',
    role: member.role,
    joinedAt: member.joinedAt,
  };
}

function groupPart(group: ProductGroup) {
  return {
    groupId: group.groupId,
    name: group.name,
    shared: group.shared,
    definition: group.definition,
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
  };
}

function requestPart(request: OrganizationRequest, userId: string) {
  const own = request.requesters.find((requester) => requester.userId === userId);
  return {
    requestId: request.requestId,
    domain: request.domain,
    organization: request.organization,
    stage: request.stage,
    submittedAt: request.submittedAt,
    updatedAt: request.updatedAt,
    ...(request.decision
      ? {
          decision: {
            outcome: request.decision.outcome,
            ...(request.decision.reason ? { reason: request.decision.reason } : {}),
            decidedAt: request.decision.decidedAt,
          },
        }
      : {}),
    ...(request.closedReason ? { closedReason: request.closedReason } : {}),
    ...(own ? { requestedAt: own.requestedAt } : {}),
    otherRequesters: Math.max(0, request.requesters.length - (own ? 1 : 0)),
  };
}

function codesPart(codes: CodeState) {
  return {
    email: codes.email,
    sentAt: codes.sentAt.map((time) => new Date(time).toISOString()),
    ...(codes.codeHash && codes.expiresAt !== undefined
      ? { liveCode: { purpose: purposeOf(codes), expiresAt: new Date(codes.expiresAt).toISOString() } }
      : {}),
  };
}

function attemptsPart(attempts: PasswordAttempts) {
  return {
    wrongPasswords: attempts.failures,
    lastTryAt: new Date(attempts.lastTryAt).toISOString(),
  };
}
