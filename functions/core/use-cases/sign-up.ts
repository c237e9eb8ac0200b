import type { Account } from '../domain/account';
import { emailDomainOf, normalizeEmail } from '../domain/email-address';
import { classifyEmailDomain } from '../domain/email-domain-policy';
import { withSendWithoutCode } from '../domain/one-time-code';
import * as emailTemplates from '../email/templates';
import { metrics } from '../metrics';
import { issueCode, recordAndSend, withIdentity, withSend, type OpenSend } from './code-delivery';
import type { OnboardingDependencies } from './dependencies';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale';

export interface SignUpInput {
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly country: string;
  /**
   * The account's language: the body's `locale`, else the request's Accept-Language (the handler decides);
   * English when absent.
   */
  readonly locale?: Locale | undefined;
}

/**
 * Sign-up. Main path: throttle check → Cognito user created with its password (unverified) → the account
 * written (created, or the unverified one replaced) → a fresh code recorded over the send log → code emailed. The caller always gets the same answer, so nobody can learn
 * whether an address is registered:
 * - address already verified: no change to that account; it gets an "you already have an account" email;
 * - address signed up but unverified: the new password and names replace the old, and a new code is sent.
 * Failure paths: throttled → 429; Cognito or SES unavailable → 503, and the send is not counted; DynamoDB
 * unavailable after the account write → 503 with the account waiting, unverified and without a new code: a
 * retry or a resend sends it one (recordAndSend).
 */
export async function signUp(deps: OnboardingDependencies, input: SignUpInput): Promise<void> {
  const email = normalizeEmail(input.email);
  await withSend(deps, email, (send) => signUpWith(deps, input, email, send));
}

async function signUpWith(deps: OnboardingDependencies, input: SignUpInput, email: string, send: OpenSend) {
  const user = await withIdentity(() =>
    deps.identity.registerUser({
      email,
      password: input.password,
      firstName: input.firstName,
      lastName: input.lastName,
      locale: input.locale,
    }),
  );

  if (user.emailVerified) {
    const notice = emailTemplates.alreadyRegistered({
      to: email,
      locale: input.locale,
      portalUrl: deps.portalUrl,
    });
    await recordAndSend(deps, send, withSendWithoutCode(send.state, send.sentAt), notice);
    return;
  }

  const emailDomain = emailDomainOf(email);
  const timestamp = send.now.toISOString();
  const account: Account = {
    userId: user.userId,
    email,
    emailDomain,
    emailDomainKind: classifyEmailDomain(emailDomain),
    firstName: input.firstName,
    lastName: input.lastName,
    country: input.country,
    locale: input.locale ?? DEFAULT_LOCALE,
    state: 'VERIFY_EMAIL',
    createdAt: timestamp,
    updatedAt: timestamp,
    revision: 1,
  };
  const { code, next } = await issueCode(deps, email, send, {
    userId: user.userId,
    greetingName: input.firstName,
    locale: input.locale,
  });
  const message = emailTemplates.verificationCode({
    to: email,
    locale: input.locale,
    firstName: input.firstName,
    code,
    validMinutes: Math.round(deps.codeRules.ttlSeconds / 60),
  });
  await recordAndSend(deps, send, next, message, account);
  metrics.count('SignUps');
  metrics.count('CodesSent');
}
