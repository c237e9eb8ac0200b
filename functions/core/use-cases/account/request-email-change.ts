import { normalizeEmail } from '../../domain/email-address';
import { assertMayChangeEmail } from '../../domain/email-change';
import * as emailTemplates from '../../email/templates';
import { ConflictError } from '../../errors';
import { logger } from '../../logger';
import { issueCode, recordAndSend, withIdentity, withSend } from '../code-delivery';
import type { OnboardingDependencies } from '../dependencies';
import { knownRecipient, usableAccount } from '../get-account';
import { confirmPassword } from './confirm-password';
import * as problemDetails from '../../i18n/details/compiled/index';

export interface RequestEmailChangeInput {
  readonly newEmail: string;
  readonly currentPassword: string;
}

export function emailTaken(): ConflictError {
  return new ConflictError(
    'email-address-taken',
    'Another Portico account uses this email address. Choose another address.',
  ).keyed(problemDetails.emailAddressTaken);
}

/**
 * Ask to change the signed-in person's email address. Main path: the account may change it (verified, not
 * under an organization review, a different address) → the current password is confirmed (counted towards the
 * lock-out, confirm-password.ts) → no other user has the new address → a CHANGE_EMAIL code goes to the NEW
 * address (the one code item of that address, with its throttle: code-delivery.ts) → a notice goes to the
 * current address. Nothing about the account changes until the code is entered (confirm-email-change.ts).
 * Failure paths: same address → 400; unverified → 403; under review → 409; wrong password → 400, locked → 429;
 * address taken → 409; throttled → 429; Cognito or SES down → 503 with no code stored as sent and the throttle
 * not consumed; the notice to the current address failing is logged (the code went out).
 * Cost (docs/account.md): one BatchGetItem (the account, its password count, the new address's code item,
 * both addresses' suppression entries: the current address as the caller's token names it), the count's
 * write before the password check, then one transaction (the code item and the count forgotten): 3 round
 * trips.
 */
export async function requestEmailChange(
  deps: OnboardingDependencies,
  caller: { readonly userId: string; readonly email?: string | undefined },
  input: RequestEmailChangeInput,
) {
  const email = normalizeEmail(input.newEmail);
  const reads = await deps.accounts.readAccountWith(caller.userId, {
    passwordAttempts: true,
    codeOf: email,
    suppressionsOf: caller.email === undefined ? [email] : [email, normalizeEmail(caller.email)],
  });
  const account = usableAccount(reads.account);
  assertMayChangeEmail(account, email);
  await confirmPassword(deps, {
    userId: account.userId,
    password: input.currentPassword,
    field: '/currentPassword',
    known: { attempts: reads.passwordAttempts },
    clearInNextWrite: true,
  });
  const holder = await withIdentity(() => deps.identity.findUser(email));
  if (holder && holder.userId !== account.userId) throw emailTaken();

  await withSend(
    deps,
    email,
    async (send) => {
      const { code, next } = await issueCode(deps, email, send, {
        userId: account.userId,
        greetingName: account.firstName,
        locale: account.locale,
        purpose: 'CHANGE_EMAIL',
      });
      const message = emailTemplates.emailChangeCode({
        to: email,
        locale: account.locale,
        firstName: account.firstName,
        code,
        validMinutes: Math.round(deps.codeRules.ttlSeconds / 60),
      });
      await recordAndSend(deps, send, next, message, undefined, {
        clearPasswordAttemptsOf: account.userId,
        recipient: knownRecipient(reads, email),
      });
    },
    { state: reads.codeState },
  );
  await deps.mailer
    .send(
      emailTemplates.emailChangeRequested({
        to: account.email,
        locale: account.locale,
        firstName: account.firstName,
        newEmail: email,
        portalUrl: deps.portalUrl,
      }),
      knownRecipient(reads, account.email),
    )
    .catch((error: unknown) => logger.error('email-change notice could not be sent', { error }));
  return {
    status: 'CODE_SENT' as const,
    newEmail: email,
    detail: `We emailed a code to ${email}. Enter it to make it your address; until then nothing changes.`,
  };
}
