import type { Account } from '../../domain/account';
import { emailDomainOf, normalizeEmail } from '../../domain/email-address';
import {
  assertMayChangeEmail,
  assertMayLeave,
  lastAdministrator,
  leavesOrganization,
  rematches,
  withNewAddress,
} from '../../domain/email-change';
import { canObtainCompanyAccess, classifyEmailDomain } from '../../domain/email-domain-policy';
import { matchForJoining, type JoinMatch } from '../../domain/membership-policy';
import { matchOrganizations } from '../../domain/organization';
import * as emailTemplates from '../../email/templates';
import { ConflictError, InvalidCodeError, ServiceUnavailableError } from '../../errors';
import { logger } from '../../logger';
import {
  ConcurrentUpdateError,
  EmailTakenError,
  IdentityUnavailableError,
  LastAdministratorError,
  type AccountExitStore,
  type AccountReads,
  type AdministratorContacts,
} from '../../ports';
import { accountView } from '../account-view';
import { giveTryBack, tryCode, type AcceptedCode } from '../code-attempt';
import type { OnboardingDependencies } from '../dependencies';
import type { Locale } from '../../i18n/locale';
import { knownRecipient, usableAccount } from '../get-account';
import { joinByPolicy } from '../register-business';
import { deleteOwnGroups, type OwnGroupSettings } from './own-groups';
import { emailTaken } from './request-email-change';
import * as problemDetails from '../../i18n/details/compiled/index';

export type EmailChangeDependencies = Omit<OnboardingDependencies, 'accounts'> & {
  /** The language of the answer's words (English when absent). */
  readonly locale?: Locale;
  readonly administrators: AdministratorContacts;
  readonly accounts: AccountExitStore;
  readonly settings: OwnGroupSettings;
};

/** Where a new email-change code is asked for, in the refusals' messages. */
const NEW_CODE_AT = 'POST /v1/me/email';

/**
 * Confirm a change of email address with the code sent to the new address. Main path: one try of the
 * CHANGE_EMAIL code is counted and compared (code-attempt.ts), for the caller's own code only → the account
 * may still change (rules re-checked) → the organization is re-decided by the new domain (domain/email-change.ts):
 * its owner is the same organization → nothing moves; another → the person leaves (409 while the last
 * administrator of an organization with other members; their groups there deleted, shared ones included) and
 * is matched anew as at registration → Cognito takes the address, verified (AdminUpdateUserAttributes;
 * another user holding it → 409) → the account (and the end of its membership) is written in one transaction →
 * every session is signed out (tokens carry the old address) → the code is used up → a notice goes to the old
 * address → with exactly one owner of the new domain, the person joins it as at registration.
 * Failure paths: code refused → 400 with the reason; any failure before the code is used up gives the try
 * back, so the same code works on retry: Cognito or DynamoDB down → 503 with Cognito's address put back (a
 * retry that finds the account already changed only finishes Cognito and the sign-out); joining the new
 * organization failing is logged and the person is left to submit their registration again (nextStep says so).
 */
export async function confirmEmailChange(
  deps: EmailChangeDependencies,
  caller: { readonly userId: string; readonly email?: string | undefined },
  input: { readonly newEmail: string; readonly code: string },
) {
  const email = normalizeEmail(input.newEmail);
  const current = caller.email === undefined ? undefined : normalizeEmail(caller.email);
  // The try is counted while the account, the current address's suppression entry and both address items are
  // read (one BatchGetItem beside it): the comparison still comes after the count.
  const [accepted, reads] = await Promise.all([
    tryCode(deps, { email, code: input.code, purpose: 'CHANGE_EMAIL', newCodeAt: NEW_CODE_AT }),
    deps.accounts.readAccountWith(caller.userId, {
      ...(current === undefined ? {} : { suppressionsOf: [current] }),
      addressOwnersOf: current === undefined ? [email] : [email, current],
    }),
  ]);
  if (accepted.userId !== caller.userId) {
    // Someone else's code for the same address: for this caller there is none.
    throw new InvalidCodeError(
      'code-expired',
      `There is no valid code for this address. Request a new code (${NEW_CODE_AT}).`,
    ).keyed('noValidCode', { newCodeAt: NEW_CODE_AT });
  }

  let changed: { readonly account: Account; readonly previous?: Account; readonly match?: JoinMatch };
  try {
    changed = await applyEmailChange(deps, reads, email, accepted);
  } catch (error) {
    await giveTryBack(deps, email, accepted.codeHash);
    if (error instanceof IdentityUnavailableError) {
      throw new ServiceUnavailableError(
        'Sign-in service is unavailable right now. Your code still works: retry shortly.',
      ).keyed(problemDetails.signInUnavailableCodeWorks);
    }
    throw error;
  }

  let account = changed.account;
  const { previous, match } = changed;
  if (previous) {
    await deps.mailer
      .send(
        emailTemplates.emailChanged({
          to: previous.email,
          locale: previous.locale,
          firstName: previous.firstName,
          newEmail: email,
          portalUrl: deps.portalUrl,
        }),
        knownRecipient(reads, previous.email),
      )
      .catch((error: unknown) => logger.error('email-changed notice could not be sent', { error }));
    account = await joinSingleOwner(deps, account, match, accepted.now);
  }
  return {
    status: 'EMAIL_CHANGED' as const,
    detail: `Your email address is now ${email}. Every session was signed out: sign in again with it.`,
    account: accountView(account, deps),
  };
}

async function applyEmailChange(
  deps: EmailChangeDependencies,
  reads: AccountReads,
  email: string,
  accepted: AcceptedCode,
): Promise<{ account: Account; previous?: Account; match?: JoinMatch }> {
  const account = usableAccount(reads.account);
  const { userId } = account;
  const now = accepted.now;
  if (account.email === email) {
    // An earlier try wrote the account and stopped after: finish Cognito and the sign-out.
    await changeSignInAddress(deps, userId, email);
    await moveAddressItem(deps, userId, undefined, email, now);
    await deps.identity.signOutEverywhere(userId);
    await deps.accounts.consumeCode(email, accepted.codeHash).catch((error: unknown) => {
      logger.error('email-change code could not be used up', { error });
    });
    return { account };
  }
  assertMayChangeEmail(account, email);
  const domain = emailDomainOf(email);
  const kind = classifyEmailDomain(domain);
  // The same domain keeps a member where they are: their organization is read only when the domain changes.
  const organization =
    account.state === 'ACTIVE' && account.organizationId && !keepsDomain(account, domain)
      ? await deps.organizations.getOrganization(account.organizationId)
      : undefined;
  const leaving = !keepsDomain(account, domain) && leavesOrganization(account, domain, organization);
  if (leaving) assertMayLeave(account, organization);
  const partner = account.state === 'PARTNER_REFERRED';
  const owners =
    (partner || rematches(account, leaving)) && canObtainCompanyAccess(kind)
      ? await deps.organizations.findByEmailDomain(domain)
      : undefined;
  // A partner's organization is matched by domain alone; a customer's by the owners' membership policies.
  const match: JoinMatch | undefined = !owners
    ? undefined
    : partner
      ? matchOrganizations(owners, 'PARTNER')
      : matchForJoining(matchOrganizations(owners), owners);
  const next = withNewAddress(account, { email, domain, kind }, now, { leaving, match });

  await changeSignInAddress(deps, userId, email);
  // Signed out before the write, so that nothing can fail after it: every token carries the old address. If
  // the write fails the person signs in again (their ID token still works for the retry, up to an hour).
  const oldOwnerRead = reads.addressOwners.has(account.email);
  try {
    await deps.identity.signOutEverywhere(userId);
    if (leaving) await deleteOwnGroups(deps.settings, account);
    await deps.accounts.saveEmailChange(account, next, {
      leaving,
      codeHash: accepted.codeHash,
      newAddressOwner: reads.addressOwners.get(email),
      releaseOld: reads.addressOwners.get(account.email) === userId,
      at: now,
    });
  } catch (error) {
    // The account did not change (or a retry finishes it): the sign-in address goes back with it.
    await deps.identity
      .changeEmail(userId, account.email)
      .catch((restoreError: unknown) =>
        logger.error('sign-in address not put back', { error: restoreError }),
      );
    if (error instanceof LastAdministratorError) throw lastAdministrator(organization?.name);
    if (error instanceof ConcurrentUpdateError) {
      throw new ConflictError(
        'concurrent-update',
        'Your account was changed by another request. Retry.',
      ).keyed(problemDetails.accountChangedRetry);
    }
    throw error;
  }
  // The token named another address than the account's (it is older than a change): let the old one go now.
  if (!oldOwnerRead) {
    await deps.accounts
      .releaseAddress(account.email, userId)
      .catch((error: unknown) => logger.error('old address item not released', { error }));
  }
  return { account: next, previous: account, ...(match ? { match } : {}) };
}

/** The new address is at the account's own domain: nothing about the organization is decided anew. */
function keepsDomain(account: Account, domain: string): boolean {
  return account.state === 'ACTIVE' && account.emailDomain === domain;
}

/**
 * The address items follow the change: the new address is this person's (its code proved the mailbox, so it is
 * taken over from any earlier owner), the old one is let go. After the account's write, not in it: a failure is
 * logged and leaves at worst an address without its item, which only means a later re-sign-up of it is not
 * re-linked (docs/identity.md).
 */
async function moveAddressItem(
  deps: EmailChangeDependencies,
  userId: string,
  previous: string | undefined,
  email: string,
  now: Date,
): Promise<void> {
  try {
    const claim = await deps.accounts.claimAddress(email, userId, now);
    if (!claim.claimed) await deps.accounts.claimAddress(email, userId, now, claim.ownerId);
    if (previous) await deps.accounts.releaseAddress(previous, userId);
  } catch (error) {
    logger.error('address item not moved with the email change', { error });
  }
}

async function changeSignInAddress(
  deps: EmailChangeDependencies,
  userId: string,
  email: string,
): Promise<void> {
  try {
    await deps.identity.changeEmail(userId, email);
  } catch (error) {
    if (error instanceof EmailTakenError) throw emailTaken();
    throw error;
  }
}

/**
 * Exactly one active organization owns the new domain: the person joins it as registration does (the
 * confirmation email, then the membership). A failure here leaves them at REGISTER_BUSINESS, LIMITED, with
 * their registration kept: submitting it again joins (the address change itself is done).
 */
async function joinSingleOwner(
  deps: EmailChangeDependencies,
  account: Account,
  match: JoinMatch | undefined,
  now: Date,
): Promise<Account> {
  if (
    match?.outcome !== 'SINGLE' ||
    account.state !== 'REGISTER_BUSINESS' ||
    account.accessType !== 'CUSTOMER_EMPLOYEE' ||
    !account.registration
  ) {
    return account;
  }
  try {
    return (await joinByPolicy(deps, account, account.revision, match.organization, now, 'DOMAIN')).account;
  } catch (error) {
    logger.error('could not join the organization of the new address', { error });
    return account;
  }
}
