import { normalizeEmail } from '../../domain/email-address';
import { withSendWithoutCode } from '../../domain/one-time-code';
import * as emailTemplates from '../../email/templates';
import { issueCode, recordAndSend, withIdentity, withSend, type OpenSend } from '../code-delivery';
import type { OnboardingDependencies } from '../dependencies';

/**
 * Forgot password. Main path: the address's send throttle (the same log and limits as sign-up and resend) →
 * the address has a Cognito user and a Portico account → a fresh RESET_PASSWORD code replaces whatever code
 * the address had (one live code per address) → emailed. The caller gets the same answer for every address:
 * an unknown one (or a Cognito user without an account, such as an operator, whose password the vendor's
 * administrators manage) is throttled the same way, and nothing is sent.
 * An unverified account gets a reset code too: completing the reset proves the mailbox and verifies it.
 * Failure paths: throttled → 429; Cognito or SES unavailable → 503 with the send not counted and no code
 * stored (recordAndSend puts the send log back when the email fails).
 */
export async function forgotPassword(
  deps: OnboardingDependencies,
  input: { readonly email: string },
): Promise<void> {
  const email = normalizeEmail(input.email);
  await withSend(deps, email, (send) => forgotWith(deps, email, send));
}

async function forgotWith(deps: OnboardingDependencies, email: string, send: OpenSend): Promise<void> {
  const user = await withIdentity(() => deps.identity.findUser(email));
  const account = user ? await deps.accounts.getAccount(user.userId) : undefined;
  if (!user || !account) {
    await recordAndSend(deps, send, withSendWithoutCode(send.state, send.sentAt), undefined);
    return;
  }
  const { code, next } = await issueCode(deps, email, send, {
    userId: user.userId,
    greetingName: account.firstName,
    locale: account.locale,
    purpose: 'RESET_PASSWORD',
  });
  const message = emailTemplates.passwordResetCode({
    to: email,
    locale: account.locale,
    firstName: account.firstName,
    code,
    validMinutes: Math.round(deps.codeRules.ttlSeconds / 60),
    portalUrl: deps.portalUrl,
  });
  await recordAndSend(deps, send, next, message);
}
