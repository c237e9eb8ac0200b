import type { Account } from '../domain/account';
import {
  decideSend,
  emptyCodeState,
  generateCode,
  hashCode,
  withNewCode,
  type CodePurpose,
  type CodeState,
} from '../domain/one-time-code';
import { ServiceUnavailableError, TooManyRequestsError } from '../errors';
import { logger } from '../logger';
import {
  ConcurrentUpdateError,
  IdentityUnavailableError,
  type EmailMessage,
  type KnownRecipient,
} from '../ports';
import type { Locale } from '../i18n/locale';
import type { Dependencies } from './dependencies';
import * as problemDetails from '../i18n/details/compiled/index';

/**
 * The throttled send shared by sign-up and resend. A send is first recorded with a conditional write (so
 * concurrent requests cannot both pass the throttle), then the email goes out; if the email fails, the
 * record is put back so that a retry is not throttled, and the caller gets a 503.
 */

type DeliveryDependencies = Pick<Dependencies, 'accounts' | 'mailer' | 'clock' | 'codeRules'>;

export interface OpenSend {
  readonly state: CodeState;
  readonly sentAt: readonly number[];
  readonly now: Date;
}

/** The address's code item as the caller read it already (with its other reads, in one round trip). */
export interface KnownCodeState {
  readonly state: CodeState | undefined;
}

/**
 * Reads the address's send log (unless `known`) and refuses with 429 when the throttle says so.
 */
export async function openSend(
  deps: DeliveryDependencies,
  email: string,
  known?: KnownCodeState,
): Promise<OpenSend> {
  const now = deps.clock.now();
  const state = (known ? known.state : await deps.accounts.getCodeState(email)) ?? emptyCodeState(email);
  const decision = decideSend(state, now.getTime(), deps.codeRules);
  if (!decision.allowed) throw throttled(decision.retryAfterSeconds);
  return { state, sentAt: decision.sentAt, now };
}

/**
 * A fresh code for `email` (its send opened as `send`) (sign-up, resend, password reset): the code to email, and the state that
 * keeps only its HMAC (bound to its purpose), with the previous code dead and the attempts started again.
 */
export async function issueCode(
  deps: Pick<Dependencies, 'codeSecret' | 'codeRules'>,
  email: string,
  send: OpenSend,
  owner: {
    readonly userId: string;
    readonly greetingName: string;
    readonly locale?: Locale | undefined;
    readonly purpose?: CodePurpose;
  },
): Promise<{ readonly code: string; readonly next: CodeState }> {
  const code = generateCode();
  const codeHash = hashCode(await deps.codeSecret.get(), email, code, owner.purpose);
  const next = withNewCode(
    send.state,
    send.sentAt,
    { ...owner, codeHash },
    send.now.getTime(),
    deps.codeRules,
  );
  return { code, next };
}

function throttled(retryAfterSeconds: number): TooManyRequestsError {
  return new TooManyRequestsError(
    `A code was sent to this address recently. Wait ${retryAfterSeconds} seconds before asking for another.`,
    retryAfterSeconds,
  ).keyed('codeSentRecently', { retryAfterSeconds });
}

/**
 * Records `next`, then sends `message` if there is one. A sign-up's `account` is written first, alone, and the
 * code state after it (two standard writes, not a transaction), so that a code item naming an account always
 * has that account to verify. Between the two:
 * - the account is verified meanwhile (a racing verification): nothing is written, and the send is decided
 *   again (the identity provider now says verified: the "already have an account" email);
 * - the code write loses to a concurrent send for the address: decided again (429, or this send after all);
 * - the code write fails (an outage): the error goes out (503) with the account written and unverified, no
 *   send counted and nothing emailed. Signing up again or a resend then sends a code for it.
 */
export async function recordAndSend(
  deps: DeliveryDependencies,
  send: OpenSend,
  next: CodeState,
  message: EmailMessage | undefined,
  account?: Account,
  options: {
    /** The user whose count of wrong passwords the same write forgets (AccountStore.saveCodeState). */
    readonly clearPasswordAttemptsOf?: string;
    /** The recipient's suppression, read already. */
    readonly recipient?: KnownRecipient | undefined;
  } = {},
): Promise<void> {
  try {
    if (account) await deps.accounts.saveUnverifiedAccount(account);
    const { clearPasswordAttemptsOf } = options;
    await deps.accounts.saveCodeState(
      next,
      clearPasswordAttemptsOf === undefined ? undefined : { clearPasswordAttemptsOf },
    );
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) throw new LostSendRace();
    throw error;
  }
  if (!message) return;
  try {
    await deps.mailer.send(message, options.recipient);
  } catch (error) {
    logger.error('email could not be sent; restoring the send log', { error });
    await deps.accounts.restoreCodeState(send.state, next).catch((restoreError: unknown) => {
      logger.error('send log could not be restored', { error: restoreError });
    });
    throw new ServiceUnavailableError(
      'We could not send the email right now. Nothing was lost: try again shortly.',
    ).keyed(problemDetails.emailNotSent);
  }
}

/** Turns an identity-provider outage into a 503 that promises nothing was changed. */
export async function withIdentity<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof IdentityUnavailableError) {
      throw new ServiceUnavailableError('Sign-in service is unavailable right now. Try again shortly.').keyed(
        problemDetails.signInUnavailable,
      );
    }
    throw error;
  }
}

/** Another request for the same address recorded its send between our read and our write. */
export class LostSendRace extends Error {}

/**
 * Runs `attempt` with a freshly opened send (the first from the `known` state, when the caller read it already);
 * when a concurrent request for the same address wrote first, reads the address's state again and decides
 * again (the throttle then answers 429 with the real wait).
 */
export async function withSend(
  deps: DeliveryDependencies,
  email: string,
  attempt: (send: OpenSend) => Promise<void>,
  known?: KnownCodeState,
): Promise<void> {
  for (let tries = 1; ; tries += 1) {
    const send = await openSend(deps, email, tries === 1 ? known : undefined);
    try {
      await attempt(send);
      return;
    } catch (error) {
      if (!(error instanceof LostSendRace)) throw error;
      if (tries >= 3) throw throttled(Math.max(1, deps.codeRules.resendIntervalSeconds));
    }
  }
}
