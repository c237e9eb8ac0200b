import { normalizeEmail } from '../domain/email-address';
import { withSendWithoutCode } from '../domain/one-time-code';
import * as emailTemplates from '../email/templates';
import { issueCode, recordAndSend, withIdentity, withSend, type OpenSend } from './code-delivery';
import type { OnboardingDependencies } from './dependencies';
import type { Locale } from '../i18n/locale';
import { metrics } from '../metrics';

/**
 * Resend a code. Main path: throttle check → the address's user is unverified → a fresh code replaces the
 * old one (its tries start again) → emailed. The answer is the same for every address: an unknown address is
 * throttled the same way but nothing is sent; a verified one gets the "you already have an account" email.
 * An unverified user whose account record is missing (a sign-up that failed before its account write) gets no
 * code either: signing up again repairs it. A sign-up that failed after its account write (no code recorded)
 * is repaired here: the account exists, so a code goes out. The account is read only when the code item does
 * not name it already.
 * Failure paths: throttled → 429; Cognito or SES unavailable → 503, and the send is not counted.
 */
export async function resendCode(
  deps: OnboardingDependencies,
  /** `locale`: the request's language, for the email to an address whose account we do not read. */
  input: { readonly email: string; readonly locale?: Locale | undefined },
): Promise<void> {
  const email = normalizeEmail(input.email);
  await withSend(deps, email, (send) => resendWith(deps, email, send, input.locale));
}

async function resendWith(
  deps: OnboardingDependencies,
  email: string,
  send: OpenSend,
  requestLocale: Locale | undefined,
): Promise<void> {
  const user = await withIdentity(() => deps.identity.findUser(email));

  if (!user) {
    await recordAndSend(deps, send, withSendWithoutCode(send.state, send.sentAt), undefined);
    return;
  }
  if (user.emailVerified) {
    const notice = emailTemplates.alreadyRegistered({
      to: email,
      locale: requestLocale,
      portalUrl: deps.portalUrl,
    });
    await recordAndSend(deps, send, withSendWithoutCode(send.state, send.sentAt), notice);
    return;
  }

  const recipient = await recipientOf(deps, user.userId, send);
  if (recipient === undefined) {
    await recordAndSend(deps, send, withSendWithoutCode(send.state, send.sentAt), undefined);
    return;
  }
  const { greetingName, locale } = recipient;
  const { code, next } = await issueCode(deps, email, send, { userId: user.userId, greetingName, locale });
  const message = emailTemplates.verificationCode({
    to: email,
    locale,
    firstName: greetingName,
    code,
    validMinutes: Math.round(deps.codeRules.ttlSeconds / 60),
  });
  await recordAndSend(deps, send, next, message);
  metrics.count('CodesSent');
}

/**
 * The first name to greet and the account's language, or undefined when the user has no account record. The code item names the account
 * it was sent for (`userId`, `greetingName`): sign-up writes it only after the account, so the account exists
 * and is not read. Without those (the item expired, or the last send carried no code) the
 * account is read. A Cognito user without an account record is what a sign-up that failed half way leaves:
 * only signing up again repairs it, so no code goes out for it (the answer is the same either way).
 */
async function recipientOf(
  deps: OnboardingDependencies,
  userId: string,
  send: OpenSend,
): Promise<{ greetingName: string; locale: Locale | undefined } | undefined> {
  const { state } = send;
  if (state.userId === userId && state.greetingName !== undefined) {
    return { greetingName: state.greetingName, locale: state.locale };
  }
  const account = await deps.accounts.getAccount(userId);
  return account && { greetingName: account.firstName, locale: account.locale };
}
