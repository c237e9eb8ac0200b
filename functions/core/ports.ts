import type { Account, OnboardingState } from './domain/account';
import type { AuditEntry, AuditQuery } from './domain/audit-log';
import type { CodePurpose, CodeState } from './domain/one-time-code';
import type { PasswordAttempts } from './domain/password-attempts';
import type { Organization } from './domain/organization';
import type { JoinRequest, MembershipPolicy } from './domain/membership-policy';
import type { Invitation } from './domain/invitation';
import type { AppliedEdit, DirectoryEvent } from './domain/organization-directory';
import type { OrganizationRequest } from './domain/organization-request';
import type { DueKind } from './domain/scheduled-work';
import type { IdempotencyRecord, StoredAnswer } from './domain/idempotency';
import type { MemberRole } from './domain/account';
import type { Locale } from './i18n/locale';
import type { Product, ProductRecord, Site, SiteCounters, SupportStatus } from './domain/portal';
import type { PortalScope, VisibilityRules } from './domain/portal-visibility';
import type { ProductGroup } from './domain/product-group';
import type { ProductOrder, ProductSearch } from './domain/product-search';
import type { Suppression } from './domain/email-suppression';
import type { ExportJob } from './domain/export-job';
import type { PoolUser } from './domain/identity-drift';

/** The small interfaces use cases depend on. Adapters implement them on AWS; tests use in-memory fakes. */

export interface Clock {
  now(): Date;
}

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

/**
 * Accounts, codes and memberships. Sign-up and verification write one item per call (no transaction): the use
 * cases order the writes so that a failure between two of them leaves a state the next call repairs.
 * saveMembership changes several items, atomically.
 */
/** What readAccountWith reads beside the account, all in one round trip. */
export interface AccountReadsWanted {
  /** The user's count of wrong current passwords. */
  readonly passwordAttempts?: boolean;
  /** The code item of this address. */
  readonly codeOf?: string;
  /** Whether each of these addresses is suppressed (so a mailer need not read it: KnownRecipient). */
  readonly suppressionsOf?: readonly string[];
  /** Who each of these addresses' address item names. */
  readonly addressOwnersOf?: readonly string[];
}

/** The account and what was read with it. An address not in a map was not read (the caller reads it itself). */
export interface AccountReads {
  readonly account?: Account | undefined;
  readonly passwordAttempts?: PasswordAttempts | undefined;
  readonly codeState?: CodeState | undefined;
  readonly suppressions: ReadonlyMap<string, Suppression | undefined>;
  readonly addressOwners: ReadonlyMap<string, string | undefined>;
}

export interface AccountStore {
  getAccount(userId: string): Promise<Account | undefined>;
  /**
   * The account and the items `wanted` names, strongly consistent, in one round trip (BatchGetItem): what a
   * change of email address reads before it decides anything (docs/account.md, cost).
   */
  readAccountWith(userId: string, wanted: AccountReadsWanted): Promise<AccountReads>;
  getCodeState(email: string): Promise<CodeState | undefined>;
  /**
   * Creates the account of a sign-up, or replaces one that is still unverified (signing up again); never a
   * verified one: ConcurrentUpdateError when the stored account has left VERIFY_EMAIL.
   */
  saveUnverifiedAccount(account: Account): Promise<void>;
  /**
   * Writes the code state if its stored version is still `next.version - 1` (else ConcurrentUpdateError). With
   * `clearPasswordAttemptsOf`, that user's count of wrong passwords is forgotten in the same write (one
   * transaction: a send that needed the password right).
   */
  saveCodeState(next: CodeState, options?: { readonly clearPasswordAttemptsOf?: string }): Promise<void>;
  /** Puts back the code state `previous` if `written` is still the stored one (a send that failed). */
  restoreCodeState(previous: CodeState, written: CodeState): Promise<void>;
  /**
   * Counts one try against the live code, atomically, if it may still be tried (exists, is for `purpose`,
   * not expired, tries left); answers the state after the count, or the refusal with the stored state.
   */
  reserveAttempt(
    email: string,
    now: number,
    maxAttempts: number,
    purpose?: CodePurpose,
  ): Promise<
    | { readonly accepted: true; readonly state: CodeState }
    | { readonly accepted: false; readonly state?: CodeState }
  >;
  /** Gives a try back (the code was right but a dependency failed before it could be used). */
  releaseAttempt(email: string, codeHash: string): Promise<void>;
  /**
   * Uses the code up (a code whose effect cannot be told apart from a second use, such as a password reset):
   * the code is removed if it is still `codeHash`, the send log stays (the throttle still counts it).
   */
  consumeCode(email: string, codeHash: string): Promise<void>;
  /**
   * Moves the account from `from` to `to` with one conditional write, if it is still in `from`. The code item
   * is not touched: once the account has left `from`, its code can move nothing. Answers `moved: false` with
   * the account as it stood (or none, when there is no account) when the account was not in `from`. With
   * `ownsAddressItem` (verification, which claimed the address item first), the same write records that the
   * address item names the account (Account.ownsAddressItem).
   */
  completeEmailVerification(input: {
    readonly userId: string;
    readonly from: OnboardingState;
    readonly to: OnboardingState;
    readonly at: Date;
    readonly ownsAddressItem?: boolean;
  }): Promise<{ readonly moved: true } | { readonly moved: false; readonly account?: Account }>;
  /** Replaces the account if its stored revision is still `expectedRevision` (else ConcurrentUpdateError). */
  saveAccount(account: Account, expectedRevision: number): Promise<void>;
  /**
   * Saves the account with its new `locale` as saveAccount does; a member's membership item carries the locale
   * too (written in the same transaction), so the emails sent from membership lists (join requests to
   * administrators, the support digest) need no read of each account.
   */
  saveLocale(account: Account, expectedRevision: number): Promise<void>;
  /**
   * Saves the activated account (if still at `expectedRevision`), its membership and the audit entry of the
   * join, together.
   */
  saveMembership(
    account: Account,
    expectedRevision: number,
    organization: Organization,
    entry: AuditEntry,
    /** An approved join request, deleted in the same transaction on condition it still exists. */
    approvedRequest?: Pick<JoinRequest, 'organizationId' | 'userId'>,
    /**
     * An accepted invitation: its item (on condition it still carries this token) and its token item deleted in
     * the same transaction, so a token joins one person once.
     */
    acceptedInvitation?: Pick<Invitation, 'organizationId' | 'invitationId' | 'tokenHash'>,
  ): Promise<void>;
  /**
   * Files a join request (organization with the APPROVAL policy): the account (AWAITING_APPROVAL, if still at
   * `expectedRevision`) and the request, together; ConcurrentUpdateError when the account changed meanwhile.
   * A request of the same person to the same organization is replaced (they registered again).
   */
  fileJoinRequest(account: Account, expectedRevision: number, request: JoinRequest): Promise<void>;
  /** The count of wrong current passwords of a user (domain/password-attempts.ts); undefined when none. */
  getPasswordAttempts(userId: string): Promise<PasswordAttempts | undefined>;
  /** Writes the count if its stored version is still `next.version - 1` (else ConcurrentUpdateError). */
  savePasswordAttempts(next: PasswordAttempts): Promise<void>;
  /** Forgets the count (the right password was given). */
  clearPasswordAttempts(userId: string): Promise<void>;
  /**
   * Accounts waiting in ORGANIZATION_REQUIRED with an address at `domain` (a sparse index entry kept while the
   * account is in that state), up to `limit`; re-read them before acting, as the index lags by a moment.
   */
  awaitingOrganization(domain: string, limit: number): Promise<Account[]>;
  /** Deletes the code item of `email` if it still names `userId` (the address may be someone else's now). */
  deleteCodeOf(email: string, userId: string): Promise<void>;
}

/** The join requests of organizations with the APPROVAL policy (filed by AccountStore.fileJoinRequest). */
export interface JoinRequestStore {
  /** The requests waiting for an organization's administrators, oldest first (one Query). */
  pendingJoinRequests(organizationId: string): Promise<JoinRequest[]>;
  getJoinRequest(organizationId: string, userId: string): Promise<JoinRequest | undefined>;
  /**
   * Declines `request`: the account (INVITATION_REQUIRED, if still at `expectedRevision`), the request deleted
   * (if it still exists) and the audit entry, together; ConcurrentUpdateError when either changed meanwhile
   * (another administrator decided first).
   */
  declineJoinRequest(
    account: Account,
    expectedRevision: number,
    request: JoinRequest,
    entry: AuditEntry,
  ): Promise<void>;
}

/** Invitations (docs/membership.md "Invitations"); accepting one is AccountStore.saveMembership's. */
export interface InvitationStore {
  /** The organization's invitations not yet accepted or revoked (expired ones included: the caller filters). */
  invitationsOf(organizationId: string): Promise<Invitation[]>;
  getInvitation(organizationId: string, invitationId: string): Promise<Invitation | undefined>;
  /** The invitation whose token has this SHA-256 (one GetItem of the token item). */
  invitationByToken(tokenHash: string): Promise<Invitation | undefined>;
  /**
   * Writes new invitations, each with its token item and its audit entry in one transaction (several in
   * parallel); ConcurrentUpdateError when a live invitation of one of these addresses appeared meanwhile.
   */
  createInvitations(invitations: readonly { invitation: Invitation; entry: AuditEntry }[]): Promise<void>;
  /** Replaces the token of `previous` by `next`'s (a resend), if it still carries it (else ConcurrentUpdateError). */
  replaceToken(previous: Invitation, next: Invitation): Promise<void>;
  /** Deletes the invitation and its token item with the audit entry (else ConcurrentUpdateError: gone meanwhile). */
  revokeInvitation(invitation: Invitation, entry: AuditEntry): Promise<void>;
}

/** The address items (who last proved each address): verification, email change and erasure. */
export interface AddressOwners {
  /**
   * Records `userId` as the owner of `email` (the address item `EMAIL#<address>` / `OWNER`: who last proved the
   * mailbox), unless another user owns it: then answers that owner, changing nothing. With `replacing`, the
   * item is taken over only if it still names that user (or is gone). Owning it already is `claimed: true`.
   */
  claimAddress(
    email: string,
    userId: string,
    at: Date,
    replacing?: string,
  ): Promise<{ readonly claimed: true } | { readonly claimed: false; readonly ownerId: string }>;
  /** Deletes the address item of `email` if it still names `userId`. */
  releaseAddress(email: string, userId: string): Promise<void>;
}

/**
 * Reconciliation's backfill of address items (docs/identity.md): an account verified before address items (or
 * by a password reset) gets its item claimed once, then the account records it.
 */
export interface AddressBackfillStore extends AccountStore, AddressOwners {
  /**
   * Sets Account.ownsAddressItem on the account of `userId` if it still has the address `email`, nothing else
   * (its revision included: a cache, so that no concurrent change of the person's is refused for it). Answers
   * false when the account is gone or has another address now.
   */
  markAddressItemOwned(userId: string, email: string): Promise<boolean>;
}

/** The account store with verification's re-link of an account whose Cognito user is gone. */
export interface AccountRelinkStore extends AccountStore, AddressOwners {
  /**
   * Gives `previous` (an account whose Cognito user is gone) to the new sign-in of the same address, in one
   * transaction: `relinked` (the old account under the new userId) replaces the new sign-up's `unverified`
   * account (still at its revision and unverified), `previous` is deleted (still at its revision), its
   * membership and its own product groups move to the new userId (counts unchanged), and the address item moves
   * from the old owner to the new. ConcurrentUpdateError when anything changed meanwhile.
   */
  relinkAccount(previous: Account, unverified: Account, relinked: Account): Promise<void>;
}

/**
 * What a removal or a departure writes in the same transaction as the membership's end: its audit entry, and the
 * person's product groups deleted (each still at its revision; gone already is fine). A person owns at most
 * MAX_GROUPS_PER_MEMBER (50) groups, so they fit in one transaction with the rest.
 */
export interface LeavingWrites {
  readonly entry?: AuditEntry | undefined;
  readonly groups?: readonly ProductGroup[] | undefined;
}

/** The account store with the writes of an account leaving its organization or erased (email change, erasure). */
export interface AccountExitStore extends AccountStore, AddressOwners {
  /**
   * Writes `next` over `current` (still at its revision) and ends `current`'s membership of its organization,
   * in one transaction: the membership deleted, the organization's member count (and administrator count, for
   * an administrator) decreased. LastAdministratorError when `current` is the last administrator of an
   * organization with other members; ConcurrentUpdateError when anything else changed meanwhile.
   */
  saveAccountLeavingOrganization(current: Account, next: Account, exit?: LeavingWrites): Promise<void>;
  /**
   * A change of email address in one transaction: `next` over `current` (still at its revision), its membership
   * ended as by saveAccountLeavingOrganization when `leaving`, the code `codeHash` of `next.email` used up (it
   * must still be the live one), the address item of `next.email` taken (it must still name
   * `newAddressOwner` as read, or be missing when undefined) and, when `releaseOld`, the item of `current.email`
   * deleted (it must still name this user). The same errors as saveAccountLeavingOrganization.
   */
  saveEmailChange(
    current: Account,
    next: Account,
    change: {
      readonly leaving: boolean;
      readonly codeHash: string;
      readonly newAddressOwner: string | undefined;
      readonly releaseOld: boolean;
      readonly at: Date;
    },
  ): Promise<void>;
  /**
   * Erases the account (still at its revision) in one transaction: the account deleted, its membership ended
   * as by saveAccountLeavingOrganization, and `record` (no personal data) written for the organization's
   * history. The same errors as saveAccountLeavingOrganization.
   */
  eraseAccount(current: Account, record: ErasureRecord): Promise<void>;
  /** The erasure record, if any. */
  getErasure(erasureId: string): Promise<ErasureRecord | undefined>;
  /** The erasure is finished: the record keeps no user id or address any more, and leaves the byDue index. */
  finishErasure(erasureId: string): Promise<void>;
}

/**
 * What is kept of an erased account: no personal data, for the history of the organization it was in. While
 * the erasure is unfinished (the Cognito user and the code item are deleted after the account), `pending`
 * names what is left to delete; finishErasure drops it.
 */
export interface ErasureRecord {
  readonly erasureId: string;
  readonly organizationId?: string | undefined;
  readonly erasedAt: string;
  readonly pending?: { readonly userId: string; readonly email: string } | undefined;
}

export interface OrganizationDirectory {
  findByEmailDomain(domain: string): Promise<Organization[]>;
  getOrganization(organizationId: string): Promise<Organization | undefined>;
  /**
   * Creates the profile and its domain items (and, from the directory, its first history line) together; false,
   * changing nothing, when it already exists.
   */
  createOrganization(organization: Organization, history?: DirectoryEvent): Promise<boolean>;
  /**
   * Sets the membership policy on the profile and its domain copies together, with the audit entry of the
   * change, if the stored policy is still `organization`'s (else ConcurrentUpdateError).
   */
  saveMembershipPolicy(
    organization: Organization,
    policy: MembershipPolicy,
    entry: AuditEntry,
  ): Promise<void>;
  /** Makes a pending organization active (profile and domain items together); an active one stays as is. */
  activateOrganization(organization: Organization): Promise<Organization>;
  /** Removes an organization that is still pending (a rejected or expired request); gone already is fine. */
  removePendingOrganization(organization: Organization): Promise<void>;
}

/** The operators' view of the directory: the registration path's lookups plus the name list, edits and history. */
export interface OrganizationCatalogue extends OrganizationDirectory {
  /**
   * The directory by name (domain/organization-directory.ts nameKey): the organizations whose name begins with
   * `prefix` (all when empty), in name order, a page at a time (InvalidCursorError for a cursor it did not issue).
   */
  listByName(query: {
    readonly prefix: string;
    readonly limit: number;
    readonly cursor?: string | undefined;
  }): Promise<Page<Organization>>;
  /**
   * Saves an operator's edit together: the profile if its revision is still `expectedRevision` (else
   * ConcurrentUpdateError), the domain items added, removed and rewritten, and the history lines.
   */
  saveEdit(edit: AppliedEdit, expectedRevision: number): Promise<void>;
  /** The organization's directory history, newest first (at most `limit` lines). */
  history(organizationId: string, limit: number): Promise<DirectoryEvent[]>;
}

/** Organization requests and the domain claims that keep one open request per domain. */
export interface OrganizationRequestStore {
  getRequest(requestId: string): Promise<OrganizationRequest | undefined>;
  /**
   * Creates the request (revision 0) with the claim on its domain, and saves the account, still at
   * `expectedAccountRevision`, all together. When another open request holds the domain nothing is written
   * and its id is answered (`holderId`): the caller joins it instead (joinRequest).
   */
  submitRequest(
    request: OrganizationRequest,
    account: Account,
    expectedAccountRevision: number,
  ): Promise<{ readonly holderId?: string | undefined }>;
  /**
   * Saves `holder` (one more requester, at its revision - 1) while it still holds the claim on its domain, and
   * the account now waiting for it (at `expectedAccountRevision`), together; ConcurrentUpdateError otherwise.
   */
  joinRequest(holder: OrganizationRequest, account: Account, expectedAccountRevision: number): Promise<void>;
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
  /** How many requests wait for a decision, and when the oldest of them was submitted (the queue metrics). */
  openQueue(): Promise<{ readonly open: number; readonly oldestSubmittedAt?: string | undefined }>;
  /** Open or closed requests, newest first, one page at a time. */
  listRequests(query: {
    readonly open: boolean;
    readonly limit: number;
    readonly cursor?: string | undefined;
  }): Promise<{ readonly requests: OrganizationRequest[]; readonly cursor?: string | undefined }>;
}

/** The open request that held a domain released it between a refused claim and its read: submit again. */
export class ClaimReleasedError extends ConcurrentUpdateError {}

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
    /** The `locale` attribute, which the ID token carries as its `locale` claim (docs/languages.md). */
    readonly locale?: Locale | undefined;
  }): Promise<IdentityUser & { readonly created: boolean }>;
  /** Sets the user's `locale` attribute: the `locale` claim of the ID tokens issued from now on. */
  setLocale(username: string, locale: Locale): Promise<void>;
  markEmailVerified(email: string): Promise<void>;
  /**
   * Sets a permanent password for the user named by `username` (the email or the user's id). A password the
   * pool refuses is a ValidationError naming `field`.
   */
  setPassword(username: string, password: string, field: string): Promise<void>;
  /** Whether `password` is the user's password, by signing in with it (the pool counts wrong ones too). */
  checkPassword(username: string, password: string): Promise<PasswordCheck>;
  /** Every session of the user ends: refresh tokens stop working (access tokens too, on AWS). */
  signOutEverywhere(username: string): Promise<void>;
  /**
   * Gives the user `email` as their address (and sign-in name), verified. EmailTakenError when another user
   * has it.
   */
  changeEmail(username: string, email: string): Promise<void>;
  /** Deletes the user; a user already gone is fine. */
  deleteUser(username: string): Promise<void>;
  /** Whether a user with this id (sub) exists in the pool (AdminGetUser: UserNotFound is false). */
  userExists(userId: string): Promise<boolean>;
}

export class EmailTakenError extends Error {
  override readonly name = 'EmailTakenError';
}

/** CORRECT, WRONG, or LOCKED when the identity provider itself refuses to check it for now. */
export type PasswordCheck = 'CORRECT' | 'WRONG' | 'LOCKED';

/** The pool's users, as the reconcile-identities job walks them (admin API; not used on request paths). */
export interface IdentityDirectory {
  /**
   * One page of the pool's users after `cursor` (Cognito answers at most 60). InvalidCursorError when the
   * cursor is no longer accepted (the pass then starts over).
   */
  listUsers(cursor?: string): Promise<{ readonly users: PoolUser[]; readonly cursor?: string | undefined }>;
  /** The userIds (subs) of the members of the operators' group, who have no account on purpose. */
  operatorIds(): Promise<ReadonlySet<string>>;
  /** Removes the user; one that is gone already is fine. */
  deleteUser(username: string): Promise<void>;
  /** Whether the pool still has the user of this userId (sub), enabled or not (AdminGetUser). */
  userExists(userId: string): Promise<boolean>;
}

/** The userIds of an organization's administrators (reconciliation checks that one can still sign in). */
export interface AdministratorDirectory {
  administratorIds(organizationId: string): Promise<string[]>;
}

/** Who to tell about an organization's join requests: its administrators' addresses (one Query of members). */
export interface AdministratorContacts {
  administratorContacts(organizationId: string): Promise<
    Array<{
      readonly userId: string;
      readonly email: string;
      readonly firstName: string;
      readonly locale?: Locale | undefined;
    }>
  >;
}

/** Where a paged job that spans several runs keeps its place (one small item per job). */
export interface JobCursorStore {
  get(job: string): Promise<string | undefined>;
  /** `undefined` clears it: the next run starts a new pass. */
  save(job: string, cursor: string | undefined): Promise<void>;
}

export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /**
   * Set when the recipient's language was not loaded yet when the message was rendered (the text above is then
   * English): the mailer loads the locale and renders it again before sending (`inRecipientLanguage`,
   * functions/core/email/templates.ts; docs/languages.md "Loading at run time").
   */
  readonly later?: { readonly locale: Locale; readonly render: () => EmailMessage };
}

export class MailUnavailableError extends Error {
  override readonly name = 'MailUnavailableError';
}

/**
 * What the sender already read about the recipient, with its other reads in one round trip: the mailer then
 * does not read the suppression list itself.
 */
export interface KnownRecipient {
  readonly suppression: Suppression | undefined;
}

export interface Mailer {
  send(message: EmailMessage, known?: KnownRecipient): Promise<void>;
  /**
   * Starts now what sending to `to` reads first (the suppression check), and answers the send of a message to
   * `to` that uses it: a use case that knows the address early overlaps that read with its own, so the email adds
   * no DynamoDB round trip in sequence. Optional: a mailer without it is used through `send`.
   */
  prepare?(to: string): (message: EmailMessage) => Promise<void>;
}

/** The send of a message to `to`, prepared now when the mailer can (Mailer.prepare), else a plain send. */
export function preparedSend(mailer: Mailer, to: string): (message: EmailMessage) => Promise<void> {
  return mailer.prepare ? mailer.prepare(to) : (message) => mailer.send(message);
}

/** Addresses Portico no longer emails (domain/email-suppression.ts). */
export interface SuppressionList {
  /** The address's entry, if it is suppressed. */
  find(email: string): Promise<Suppression | undefined>;
  /** Adds the address unless it is listed already (the first report is kept); true when it was added. */
  add(suppression: Suppression): Promise<boolean>;
  /** Suppressed addresses, newest first, one page at a time (InvalidCursorError for a foreign cursor). */
  list(query: { readonly limit: number; readonly cursor?: string | undefined }): Promise<Page<Suppression>>;
}

/** The HMAC key one-time codes are hashed with. */
export interface CodeSecret {
  get(): Promise<string>;
}

/** What one imported row did: a new item, a changed one, or nothing (the same data again). */
export interface ImportOutcome {
  /** The row's siteId or serviceTag. */
  readonly key: string;
  readonly result: 'CREATED' | 'UPDATED' | 'UNCHANGED';
}

export interface Page<T> {
  readonly items: T[];
  /** Opaque; present while there may be more. */
  readonly cursor?: string | undefined;
}

export interface ProductQuery {
  /** Already the intersection of the viewer's scope, the filters and the group asked for. */
  readonly scope: PortalScope;
  readonly status?: SupportStatus | undefined;
  /** Only the products a service tag or model search matches (in that search's order). */
  readonly search?: ProductSearch | undefined;
  /** The order of the list; without one (and no search), an order that reads only the scope's partitions. */
  readonly order?: ProductOrder | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
  /**
   * The organization's site counters as recently read: a hint, never an authority. With them a filtered query
   * asks for as many items as its filter is expected to need, and the segments a page is expected to need are
   * read side by side, so a page is one round of queries instead of several in sequence. What is listed never
   * depends on them (stale counters only cost a round trip more, or some items read and dropped).
   */
  readonly counters?: readonly SiteCounters[] | undefined;
}

/**
 * Sites and products of organizations, with per-site counters by family and support status that every write
 * keeps exact (so the Summary never reads products). Every read is a key or index query.
 */
export interface PortalInventory {
  /** Every site of the organization with its counters (one small item per site). */
  siteCounters(organizationId: string): Promise<SiteCounters[]>;
  /** The sites among `siteIds` that exist. */
  getSites(organizationId: string, siteIds: readonly string[]): Promise<Site[]>;
  /** The products among `serviceTags` that exist (any number; read in batches). */
  getProducts(organizationId: string, serviceTags: readonly string[]): Promise<Product[]>;
  /** Products in `query.scope` (and status), one page at a time. */
  productPage(organizationId: string, query: ProductQuery): Promise<Page<Product>>;
}

/** The inventory's writes: imports (operators) and the support-status job. */
export interface PortalInventoryWriter extends PortalInventory {
  /** Creates or updates sites, keeping their counters; a site imported again unchanged is UNCHANGED. */
  importSites(organizationId: string, sites: readonly Site[]): Promise<ImportOutcome[]>;
  /**
   * Creates or updates products (each with its status on the day of `at`, the import's moment) and moves the
   * counters of their sites with them, atomically; every product's site must exist. A product imported again
   * unchanged is UNCHANGED. An organization's first products schedule its digest for the next Monday after `at`.
   */
  importProducts(
    organizationId: string,
    products: readonly ProductRecord[],
    at: Date,
  ): Promise<ImportOutcome[]>;
  /**
   * The `roll-support-status` job: moves the product `productRef` (as listed in the byDue index) to its status
   * on `today`, with its counters; answers false when it had nothing to move.
   */
  rollSupportStatus(productRef: string, today: string): Promise<boolean>;
}

/** An administrator's visibility rules and the members' custom groups. */
export interface PortalSettings {
  /** The organization's rules, DEFAULT_VISIBILITY when never set. */
  getVisibility(organizationId: string): Promise<VisibilityRules>;
  /**
   * Saves the rules, with the audit entry of the change, if the stored ones are still at `rules.revision - 1`
   * (else ConcurrentUpdateError).
   */
  saveVisibility(organizationId: string, rules: VisibilityRules, entry: AuditEntry): Promise<void>;
  /** The viewer's own groups and the groups others shared with the organization. */
  listGroups(organizationId: string, viewerId: string): Promise<ProductGroup[]>;
  /** The groups `ownerId` owns, shared or not: one query of the owner's own groups, read consistently. */
  listOwnGroups(organizationId: string, ownerId: string): Promise<ProductGroup[]>;
  /** How many groups `ownerId` owns (shared or not): one query of the owner's own groups, read consistently. */
  countOwnGroups(organizationId: string, ownerId: string): Promise<number>;
  /** A group the viewer owns or that is shared with the organization; undefined otherwise. */
  getGroup(organizationId: string, groupId: string, viewerId: string): Promise<ProductGroup | undefined>;
  /** Creates a group (revision 0); ConcurrentUpdateError if its id exists. */
  createGroup(group: ProductGroup): Promise<void>;
  /** Replaces a group if the stored one is still at `group.revision - 1` (else ConcurrentUpdateError). */
  saveGroup(group: ProductGroup): Promise<void>;
  /** Deletes a group if it is still at `group.revision`; gone already is fine. */
  deleteGroup(group: ProductGroup): Promise<void>;
}

/** What the table holds about one person beside their account (see export-data.ts). */
export interface PersonalData {
  readonly codes?: CodeState;
  readonly passwordAttempts?: PasswordAttempts;
  readonly membership?: Member;
  readonly request?: OrganizationRequest;
  readonly groups: readonly ProductGroup[];
}

/** Reads everything stored about a person beside their account, in as few round trips as the table allows. */
export interface PersonalDataReader {
  read(account: Account): Promise<PersonalData>;
}

export interface Member {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly role: MemberRole;
  readonly joinedAt: string;
}

export class LastAdministratorError extends Error {
  override readonly name = 'LastAdministratorError';
}

/**
 * What almost every portal read needs of an organization besides its products and groups: the profile, the
 * visibility rules and every site with its counters, read together (one Query of the organization's partition).
 */
export interface PortalOverview {
  /** Undefined when the organization no longer exists. */
  readonly organization?: Organization | undefined;
  /** DEFAULT_VISIBILITY when the rules were never saved. */
  readonly visibility: VisibilityRules;
  /** Every site of the organization with its counters, by siteId. */
  readonly sites: readonly SiteCounters[];
}

/** Whether an organization still admits its members into the portal (operators deactivate by SUSPENDED). */
export interface OrganizationStatusReader {
  /** The organization's status, undefined when there is no such organization. */
  statusOf(organizationId: string): Promise<Organization['status'] | undefined>;
}

export interface PortalOverviewReader {
  read(organizationId: string): Promise<PortalOverview>;
}

/** The members of an organization and their roles. */
export interface MemberDirectory {
  listMembers(
    organizationId: string,
    query: { readonly limit: number; readonly cursor?: string | undefined },
  ): Promise<Page<Member>>;
  getMember(organizationId: string, userId: string): Promise<Member | undefined>;
  /**
   * Changes a member's role on the membership and the account together, keeping the organization's count of
   * administrators: ConcurrentUpdateError if the role is no longer `from`, LastAdministratorError if the change
   * would leave the organization without an administrator. The audit `entry` is written with the change.
   */
  changeRole(
    organizationId: string,
    userId: string,
    from: MemberRole,
    to: MemberRole,
    entry: AuditEntry,
  ): Promise<void>;
}

/**
 * An organization's audit log (domain/audit-log.ts), read newest first. Entries are written by the stores, in
 * the transaction of the change each records; this port only reads them, one Query per page.
 */
export interface AuditLog {
  /** InvalidCursorError for a cursor this log did not issue. */
  entries(organizationId: string, query: AuditQuery, now: Date): Promise<Page<AuditEntry>>;
}

/** A key taken by this request (`claimed`), or by an earlier one, whose record is returned. */
export type IdempotencyClaim =
  { readonly claimed: true } | { readonly claimed: false; readonly record: IdempotencyRecord };

/**
 * Answers kept under idempotency keys (domain/idempotency.ts). `scope` is already unique to the route, the
 * caller and the key; `token` proves that the request finishing a key is the one that claimed it.
 */
export interface IdempotencyStore {
  /**
   * Takes the key for a request unless another one holds it: a key is free when it was never used, when its
   * window is over, or when the request holding it stopped before `lockedUntil`.
   */
  claim(
    scope: string,
    request: {
      readonly fingerprint: string;
      readonly token: string;
      readonly lockedUntil: Date;
      readonly expiresAt: Date;
      readonly now: Date;
    },
  ): Promise<IdempotencyClaim>;
  /** Keeps the answer under the key, if this request still holds it; false when it no longer does. */
  complete(scope: string, token: string, answer: StoredAnswer): Promise<boolean>;
  /** Frees the key (the answer was not final), if this request still holds it. */
  release(scope: string, token: string): Promise<void>;
}

/**
 * Background exports (domain/export-job.ts): one item per job in the owner's organization partition. Every
 * change of state is conditioned on the state it leaves, so a retried or repeated task cannot move a finished
 * job back.
 */
export interface ExportJobStore {
  /** Stores a new QUEUED job; ConcurrentUpdateError if its id exists. */
  create(job: ExportJob): Promise<void>;
  /** The job, if `ownerId` asked for it and it has not expired. */
  get(organizationId: string, ownerId: string, exportId: string): Promise<ExportJob | undefined>;
  /** Replaces the job if it is still unfinished (QUEUED or RUNNING); else ConcurrentUpdateError. */
  update(job: ExportJob): Promise<void>;
}

/** The files of background exports, in object storage. */
export interface ExportFiles {
  /**
   * Stores the text `chunks` under `key`, streamed (a multipart upload for large files): memory stays flat in
   * the size of the file. Answers the bytes written.
   */
  write(key: string, contentType: string, chunks: AsyncIterable<string>): Promise<{ readonly bytes: number }>;
}

/** Download links to export files (apart from ExportFiles, so the route that signs them bundles no uploader). */
export interface ExportLinks {
  /** A download link to `key` that works for `expiresInSeconds`, offering the file as `fileName`. */
  link(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

/** What the export workflow is started with. */
export interface ExportJobRef {
  readonly organizationId: string;
  readonly ownerId: string;
  readonly exportId: string;
}

/** Starts the workflow that writes a job's file (Step Functions). Starting one job twice is one execution. */
export interface ExportWorkflow {
  start(job: ExportJobRef): Promise<void>;
}

/** A member as the support-expiry digest sees them: where to write, and what they chose. */
export interface DigestRecipient {
  readonly userId: string;
  readonly email: string;
  readonly firstName: string;
  readonly role: MemberRole;
  /** The language of the digest; undefined for memberships written before languages existed (English). */
  readonly locale?: Locale | undefined;
  /** Undefined: the default of the role (domain/support-digest.ts receivesDigest). */
  readonly supportDigest?: boolean | undefined;
}

/**
 * The weekly support-expiry digest's storage (domain/support-digest.ts): each organization with products has
 * one schedule item, due in the byDue index (`SUPPORT_DIGEST`) on the Monday of its next digest; each digest
 * sent leaves a marker per person and ISO week, so a rerun sends nothing twice.
 */
export interface SupportDigestStore {
  /** The organization's products whose support end date falls in either range (bySupportEnd, two Queries). */
  productsEndingIn(
    organizationId: string,
    ranges: readonly { readonly from: string; readonly to: string }[],
  ): Promise<ProductRecord[]>;
  /** The organization's members, a page at a time. */
  recipients(organizationId: string, cursor?: string): Promise<Page<DigestRecipient>>;
  /**
   * Takes the marker of `week` for the person (a conditional write): true when this call took it, false when
   * the digest of that week was sent already.
   */
  claimWeek(organizationId: string, userId: string, week: string, now: Date): Promise<boolean>;
  /** Gives the marker back (the email could not be sent), so the next run sends it. */
  releaseWeek(organizationId: string, userId: string, week: string): Promise<void>;
  /** Schedules the organization's next digest at `at` (creates the schedule when there is none). */
  schedule(organizationId: string, at: Date): Promise<void>;
  /** Drops the schedule (the organization is gone). */
  unschedule(organizationId: string): Promise<void>;
  /**
   * Schedules the organization's first digest at `at` unless it has a schedule (a conditional write): true when
   * this call created it, false when one was there (left as it is).
   */
  scheduleIfMissing(organizationId: string, at: Date): Promise<boolean>;
  /**
   * Records the person's choice on their account and membership together; false when they are not (or no
   * longer) a member of `organizationId`.
   */
  setChoice(organizationId: string, userId: string, receive: boolean): Promise<boolean>;
}
