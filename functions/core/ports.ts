import type { Account, OnboardingState } from './domain/account';
import type { CodeState } from './domain/one-time-code';
import type { Organization } from './domain/organization';
import type { OrganizationRequest } from './domain/organization-request';
import type { DueKind } from './domain/scheduled-work';

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

  /** Deletes a code item if it is still the given version (a send meanwhile keeps it). */
  deleteCodeState(state: CodeState): Promise<void>;
}

export interface OrganizationDirectory {
  findByEmailDomain(domain: string): Promise<Organization[]>;
  getOrganization(organizationId: string): Promise<Organization | undefined>;
  /** Creates the profile and its domain items together; false, changing nothing, when it already exists. */
  createOrganization(organization: Organization): Promise<boolean>;
  /** Makes a pending organization active (profile and domain items together); an active one stays as is. */
  activateOrganization(organization: Organization): Promise<Organization>;
  /** Removes an organization that is still pending (a rejected or expired request); gone already is fine. */
  removePendingOrganization(organization: Organization): Promise<void>;
}

/** Organization requests and the domain claims that keep one open request per domain. */
export interface OrganizationRequestStore {
  getRequest(requestId: string): Promise<OrganizationRequest | undefined>;
  /** Creates the request (revision 0) and saves the account, still at `expectedAccountRevision`, together. */
  submitRequest(
    request: OrganizationRequest,
    account: Account,
    expectedAccountRevision: number,
  ): Promise<void>;
  /** Replaces the request if the stored one is still at `request.revision - 1`, else ConcurrentUpdateError. */
  saveRequest(request: OrganizationRequest): Promise<void>;
  /** Claims `domain` for `requestId` unless another request holds it; answers the holder (maybe `requestId`). */
  claimDomain(domain: string, requestId: string): Promise<string>;
  /** Saves a request that just closed and releases its domain claim, together (if it holds it). */
  closeRequest(request: OrganizationRequest): Promise<void>;
  /**
   * Folds `merged` into the open request `holder` (both saved at their revision - 1) and moves the accounts of
   * the merged requesters over to the holder, all together; ConcurrentUpdateError when anything changed.
   */
  mergeRequest(
    holder: OrganizationRequest,
    merged: OrganizationRequest,
    followers: ReadonlyArray<{ readonly account: Account; readonly expectedRevision: number }>,
  ): Promise<void>;
  /** Open or closed requests, newest first, one page at a time. */
  listRequests(query: {
    readonly open: boolean;
    readonly limit: number;
    readonly cursor?: string | undefined;
  }): Promise<{ readonly requests: OrganizationRequest[]; readonly cursor?: string | undefined }>;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** The byDue index: ids of the items whose work of `kind` is due by `now`, a page at a time, oldest first. */
export interface DueWorkIndex {
  duePage(
    kind: DueKind,
    now: Date,
    limit: number,
    after?: string,
  ): Promise<{ readonly ids: string[]; readonly after?: string | undefined }>;
}

/** Starts the organization review workflow (Step Functions) for a request. */
export interface ReviewWorkflow {
  /** Starting the same attempt twice starts it once. */
  start(requestId: string, attempt: number): Promise<void>;
}

export class WorkflowUnavailableError extends Error {
  override readonly name = 'WorkflowUnavailableError';
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
