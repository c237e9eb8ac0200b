import { NotFoundError } from '../errors';
import type { Account } from './account';
import * as problemDetails from '../i18n/details/compiled/index';

/**
 * The end of a membership (issue 15, item 4), as pure rules: whom an administrator may remove, and the account
 * after it ends. Removal and departure end it the same way; the last-administrator rule is the email change's
 * (domain/email-change.ts assertMayLeave), held again by the store's transaction.
 */

/**
 * The account `userId` of `organizationId` an administrator removes: an active member of that very
 * organization, else 404 (a person of another organization, or of none, is never told apart).
 */
export function removableMember(organizationId: string, account: Account | undefined): Account {
  if (!account || account.state !== 'ACTIVE' || account.organizationId !== organizationId) {
    throw new NotFoundError('There is no such member in your organization.').keyed(
      problemDetails.noSuchMember,
    );
  }
  return account;
}

/**
 * The account once its membership ended (removed or left): LIMITED, back at REGISTER_BUSINESS with its business
 * registration kept, organization and role cleared. Registering again decides by the organization's policy of
 * the day, exactly as for anyone else: AUTOMATIC joins again, APPROVAL files a join request, INVITATION_ONLY
 * needs an invitation.
 */
export function endMembership(account: Account, now: Date): Account {
  return {
    ...account,
    state: 'REGISTER_BUSINESS',
    organizationId: undefined,
    organizationName: undefined,
    role: undefined,
    updatedAt: now.toISOString(),
    revision: account.revision + 1,
  };
}
