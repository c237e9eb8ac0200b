import { randomUUID } from 'node:crypto';
import type { Account } from '../../domain/account';
import { assertMayLeave, lastAdministrator } from '../../domain/email-change';
import { isOpen, pendingOrganizationOf, withoutRequester } from '../../domain/organization-request';
import * as emailTemplates from '../../email/templates';
import { ConflictError } from '../../errors';
import { logger } from '../../logger';
import {
  ConcurrentUpdateError,
  LastAdministratorError,
  type AccountExitStore,
  type ErasureRecord,
} from '../../ports';
import type { Dependencies } from '../dependencies';
import { deleteOwnGroups, type OwnGroupSettings } from './own-groups';
import * as problemDetails from '../../i18n/details/compiled/index';

export type ErasureDependencies = Pick<
  Dependencies,
  'organizations' | 'requests' | 'identity' | 'mailer' | 'clock'
> & { readonly accounts: AccountExitStore; readonly settings: OwnGroupSettings };

export type ErasureOutcome =
  | { readonly outcome: 'ERASED'; readonly erasureId: string }
  /** No account: nothing of Portico's was left but, at most, the Cognito user, now deleted. */
  | { readonly outcome: 'NO_ACCOUNT' };

/**
 * Erases a person: everything Portico stores about them, for their own "delete my account" (after their
 * password was re-entered) and for any job that must erase a user (the identity reconciliation of issue 21
 * calls it with a user id). Main path, each step safe to repeat:
 * 1. the organization request they wait on loses them (closed, its domain claim and pending organization gone,
 *    when nobody is left);
 * 2. the groups they own are deleted, shared ones included;
 * 3. one transaction: the account deleted, the membership ended with the organization's counts (refused while
 *    they are the last administrator of an organization with other members: 409), and an erasure record
 *    written (a random id, the organization, the time; the user id and address only until step 5);
 * 4. the code and address items of their address (if they are still theirs) and the Cognito user are deleted;
 * 5. the record forgets the user id and address; the confirmation email is the last message to the address.
 * The password count goes with the account (TTL otherwise); answers under Idempotency-Key digests expire
 * within 24 hours. A repeat after a stop between 3 and 5 finds no account and deletes the Cognito user; the
 * `finish-erasures` job finishes records left pending (finishErasure below).
 * Failure paths: last administrator → 409; account changed meanwhile → 409; DynamoDB or Cognito down → the
 * error (503), with nothing erased before step 3 and everything after it finished on repeat or by the job.
 */
export async function eraseAccount(deps: ErasureDependencies, userId: string): Promise<ErasureOutcome> {
  const account = await deps.accounts.getAccount(userId);
  if (!account) {
    await deps.identity.deleteUser(userId);
    return { outcome: 'NO_ACCOUNT' };
  }
  const now = deps.clock.now();
  const active = account.state === 'ACTIVE' && account.organizationId !== undefined;
  if (active && account.role === 'ADMINISTRATOR') {
    assertMayLeave(account, await deps.organizations.getOrganization(account.organizationId ?? ''));
  }
  await leaveOrganizationRequest(deps, account, now);
  await deleteOwnGroups(deps.settings, account);

  const record: ErasureRecord = {
    erasureId: randomUUID(),
    ...(active ? { organizationId: account.organizationId } : {}),
    erasedAt: now.toISOString(),
    pending: { userId: account.userId, email: account.email },
  };
  try {
    await deps.accounts.eraseAccount(account, record);
  } catch (error) {
    if (error instanceof LastAdministratorError) throw lastAdministrator(account.organizationName);
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'Your account was changed by another request. Retry.',
      ).keyed(problemDetails.accountChangedRetry);
    }
    throw error;
  }
  await finishErasure(deps, record);
  await deps.mailer
    .send(
      emailTemplates.accountErased({
        to: account.email,
        locale: account.locale,
        firstName: account.firstName,
      }),
    )
    .catch((error: unknown) => logger.error('erasure confirmation could not be sent', { error }));
  return { outcome: 'ERASED', erasureId: record.erasureId };
}

/** Steps 4 and 5 of an erasure whose account is gone: also what the `finish-erasures` job runs. */
export async function finishErasure(
  deps: Pick<ErasureDependencies, 'accounts' | 'identity'>,
  record: ErasureRecord,
): Promise<void> {
  if (record.pending) {
    await deps.accounts.deleteCodeOf(record.pending.email, record.pending.userId);
    await deps.accounts.releaseAddress(record.pending.email, record.pending.userId);
    await deps.identity.deleteUser(record.pending.userId);
  }
  await deps.accounts.finishErasure(record.erasureId);
}

async function leaveOrganizationRequest(
  deps: ErasureDependencies,
  account: Account,
  now: Date,
): Promise<void> {
  if (!account.organizationRequestId) return;
  for (let tries = 1; ; tries += 1) {
    const request = await deps.requests.getRequest(account.organizationRequestId);
    if (!request || !request.requesters.some((requester) => requester.userId === account.userId)) return;
    const next = withoutRequester(request, account, now);
    try {
      if (isOpen(request.stage) && !isOpen(next.stage)) {
        await deps.organizations.removePendingOrganization(pendingOrganizationOf(request));
        await deps.requests.closeRequest(next);
      } else {
        await deps.requests.saveRequest(next);
      }
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || tries >= 3) throw error;
    }
  }
}
