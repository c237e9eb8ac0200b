import type { Account, OnboardingState } from './domain/account';
import type { CodeState } from './domain/one-time-code';
import type { Organization } from './domain/organization';

/** The small interfaces use cases depend on. Adapters implement them on AWS; tests use in-memory fakes. */

export interface Clock {
  now(): Date;
}

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

/** Accounts, codes and memberships; methods that change two records do so atomically. */
export interface AccountStore {
  getAccount(userId: string): Promise<Account | undefined>;
  getCodeState(email: string): Promise<CodeState | undefined>;
  /**
   * Writes the code state if its stored version is still `next.version - 1` (else ConcurrentUpdateError),
   * and with it, atomically, the account when one is given (created, or replaced while still unverified).
   */
  saveCodeState(next: CodeState, account?: Account): Promise<void>;
  /** Puts back the code state `previous` if `written` is still the stored one (a send that failed). */
  restoreCodeState(previous: CodeState, written: CodeState): Promise<void>;
  /**
   * Counts one try against the live code, atomically, if it may still be tried (exists, not expired, tries
   * left); answers the state after the count, or the refusal with the stored state.
   */
  reserveAttempt(
    email: string,
    now: number,
    maxAttempts: number,
  ): Promise<
    | { readonly accepted: true; readonly state: CodeState }
    | { readonly accepted: false; readonly state?: CodeState }
  >;
  /** Gives a try back (the code was right but a dependency failed before it could be used). */
  releaseAttempt(email: string, codeHash: string): Promise<void>;
  /**
   * Moves the account from `from` to `to` and marks the code used, together; ConcurrentUpdateError when the
   * account is not in `from` or the code changed meanwhile.
   */
  completeEmailVerification(input: {
    readonly userId: string;
    readonly email: string;
    readonly codeHash: string;
    readonly from: OnboardingState;
    readonly to: OnboardingState;
    readonly at: Date;
  }): Promise<void>;
  /** Replaces the account if its stored revision is still `expectedRevision` (else ConcurrentUpdateError). */
  saveAccount(account: Account, expectedRevision: number): Promise<void>;
  /** Saves the activated account (if still at `expectedRevision`) and its membership together. */
  saveMembership(account: Account, expectedRevision: number, organization: Organization): Promise<void>;
}

export interface OrganizationDirectory {
  findByEmailDomain(domain: string): Promise<Organization[]>;
  getOrganization(organizationId: string): Promise<Organization | undefined>;
}

export interface IdentityUser {
  readonly userId: string;
  readonly emailVerified: boolean;
}

export class IdentityUnavailableError extends Error {
  override readonly name = 'IdentityUnavailableError';
}

/** The identity provider (Cognito) that holds credentials. */
export interface IdentityProvider {
  findUser(email: string): Promise<IdentityUser | undefined>;
  /** Creates the user with a permanent password, or, while the address is unverified, resets its password. */
  registerUser(input: {
    readonly email: string;
    readonly password: string;
    readonly firstName: string;
    readonly lastName: string;
  }): Promise<IdentityUser & { readonly created: boolean }>;
  markEmailVerified(email: string): Promise<void>;
}

export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export class MailUnavailableError extends Error {
  override readonly name = 'MailUnavailableError';
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

/** The HMAC key one-time codes are hashed with. */
export interface CodeSecret {
  get(): Promise<string>;
}
