import type { CodeRules, ReviewRules } from '../../functions/core/config';
import type { Locale } from '../../functions/core/i18n/locale';
import type { Account, OnboardingState } from '../../functions/core/domain/account';
import type { CodePurpose, CodeState } from '../../functions/core/domain/one-time-code';
import type { PasswordAttempts } from '../../functions/core/domain/password-attempts';
import type { Organization } from '../../functions/core/domain/organization';
import {
  nameKey,
  type AppliedEdit,
  type DirectoryEvent,
} from '../../functions/core/domain/organization-directory';
import type { AuditEntry } from '../../functions/core/domain/audit-log';
import {
  policyOf,
  type JoinRequest,
  type MembershipPolicy,
} from '../../functions/core/domain/membership-policy';
import { InMemoryAuditLog } from './audit-log.fake';
import {
  isOpen,
  withRequesterRelinked,
  type OrganizationRequest,
} from '../../functions/core/domain/organization-request';
import {
  dueWorkOfRequest,
  reminderScheduleOf,
  withReminderSchedule,
  type DueKind,
  type DueWork,
  ERASURE_GRACE_SECONDS,
} from '../../functions/core/domain/scheduled-work';
import { logger } from '../../functions/core/logger';
import {
  ConcurrentUpdateError,
  EmailTakenError,
  IdentityUnavailableError,
  LastAdministratorError,
  InvalidCursorError,
  MailUnavailableError,
  WorkflowUnavailableError,
  type AccountExitStore,
  type AccountReads,
  type AccountReadsWanted,
  type AccountRelinkStore,
  type AddressBackfillStore,
  type Clock,
  type CodeSecret,
  type DueWorkIndex,
  type EmailMessage,
  type ErasureRecord,
  type IdentityProvider,
  type IdentityUser,
  type Mailer,
  type OrganizationCatalogue,
  type OrganizationRequestStore,
  type Page,
  type PasswordCheck,
  type ReviewWorkflow,
  type SuppressionList,
} from '../../functions/core/ports';
import type { Dependencies } from '../../functions/core/use-cases/dependencies';
import type { Suppression } from '../../functions/core/domain/email-suppression';
import { SuppressingMailer } from '../../functions/core/adapters/ses/suppressing.mailer';
import { inRecipientLanguage } from '../../functions/core/email/templates';

/**
 * In-memory fakes of the ports in functions/core/ports.ts, for use-case tests. Each fake keeps the contract
 * its port documents (versions, revisions, atomic try counting) so that a use case passing against these
 * fakes relies on nothing the DynamoDB/Cognito/SES adapters do not promise.
 */

// The use cases log dependency failures on purpose; the tests assert outcomes, not log lines.
logger.setLogLevel('SILENT');

export const TEST_CODE_RULES: CodeRules = {
  ttlSeconds: 600,
  maxAttempts: 5,
  resendIntervalSeconds: 60,
  maxSendsPerHour: 5,
};

/** Real 86400-second days, so weekends are skipped, and a 15-minute check interval. */
export const TEST_REVIEW_RULES: ReviewRules = {
  businessDays: 2,
  escalationBusinessDays: 1,
  daySeconds: 86_400,
  checkIntervalSeconds: 900,
};

/** Idle time before an onboarding reminder is due. */
export const TEST_REMINDER_AFTER_SECONDS = 172_800;

export const TEST_REVIEWER_EMAIL = 'reviewers@portico.example';

export const TEST_PORTAL_URL = 'https://portal.portico.example';
export const TEST_CODE_SECRET = 'unit-test-code-secret-0123456789abcdef';

/** A clock that stands still until told to move. */
export class FixedClock implements Clock {
  private current: number;

  constructor(start: string | Date = '2025-03-03T09:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }

  advanceMinutes(minutes: number): void {
    this.advanceSeconds(minutes * 60);
  }
}

export class FixedCodeSecret implements CodeSecret {
  constructor(private readonly value: string = TEST_CODE_SECRET) {}
  async get(): Promise<string> {
    return this.value;
  }
}

export interface StoredMembership {
  readonly organizationId: string;
  readonly userId: string;
  readonly role: 'MEMBER' | 'ADMINISTRATOR';
  readonly joinedAt: string;
}

type StoreMethod = keyof AccountExitStore | keyof AccountRelinkStore | keyof AddressBackfillStore;

/** One-shot failures a test injects into a fake: the next call of a method throws the given error. */
export class FailureInjector<Method extends string> {
  private readonly failures = new Map<Method, Error>();

  failNext(method: Method, error: Error): void {
    this.failures.set(method, error);
  }

  throwIfInjected(method: Method): void {
    const error = this.failures.get(method);
    if (error) {
      this.failures.delete(method);
      throw error;
    }
  }
}

type DirectoryMethod = keyof OrganizationCatalogue;

/** The organizations the fake store and directory share, as the single table does. */
export class InMemoryOrganizationDirectory implements OrganizationCatalogue {
  private readonly organizations = new Map<string, Organization>();
  private readonly failures = new FailureInjector<DirectoryMethod>();
  /** The audit log of the fake table (the account store shares it). */
  readonly auditLog = new InMemoryAuditLog();

  constructor(organizations: readonly Organization[] = []) {
    for (const organization of organizations) this.add(organization);
  }

  add(organization: Organization): void {
    this.organizations.set(organization.organizationId, structuredClone(organization));
  }

  /** The stored profile, whatever its status. */
  stored(organizationId: string): Organization | undefined {
    const organization = this.organizations.get(organizationId);
    return organization ? structuredClone(organization) : undefined;
  }

  /** The next call of `method` throws `error` (once). */
  failNext(method: DirectoryMethod, error: Error): void {
    this.failures.failNext(method, error);
  }

  async findByEmailDomain(domain: string): Promise<Organization[]> {
    this.failures.throwIfInjected('findByEmailDomain');
    // As the adapter: the domain items are copies of the profile without its count of administrators.
    return [...this.organizations.values()]
      .filter((organization) => organization.domains.includes(domain))
      .map(({ administratorCount: _count, ...organization }) => structuredClone(organization));
  }

  async getOrganization(organizationId: string): Promise<Organization | undefined> {
    this.failures.throwIfInjected('getOrganization');
    return this.stored(organizationId);
  }

  async createOrganization(organization: Organization, history?: DirectoryEvent): Promise<boolean> {
    this.failures.throwIfInjected('createOrganization');
    if (this.organizations.has(organization.organizationId)) return false;
    this.add(organization);
    if (history) this.events.push({ ...history });
    return true;
  }

  /** As the adapter's condition: only over the policy read (absent is AUTOMATIC), with its audit entry. */
  async saveMembershipPolicy(
    organization: Organization,
    policy: MembershipPolicy,
    entry: AuditEntry,
  ): Promise<void> {
    this.failures.throwIfInjected('saveMembershipPolicy');
    const stored = this.organizations.get(organization.organizationId);
    if (!stored || policyOf(stored) !== policyOf(organization)) {
      throw new ConcurrentUpdateError('membership policy changed meanwhile');
    }
    this.organizations.set(stored.organizationId, { ...stored, membershipPolicy: policy });
    this.auditLog.append(entry);
  }

  /** As the adapter's condition: only a pending or already active profile is (or stays) activated. */
  async activateOrganization(organization: Organization): Promise<Organization> {
    this.failures.throwIfInjected('activateOrganization');
    const stored = this.organizations.get(organization.organizationId);
    if (stored?.status !== 'PENDING' && stored?.status !== 'ACTIVE') {
      throw new Error(`organization ${organization.organizationId} is neither pending nor active`);
    }
    this.organizations.set(organization.organizationId, { ...stored, status: 'ACTIVE' });
    return { ...organization, status: 'ACTIVE' };
  }

  /** The directory's history lines, oldest first. */
  readonly events: DirectoryEvent[] = [];

  async listByName(query: {
    readonly prefix: string;
    readonly limit: number;
    readonly cursor?: string | undefined;
  }): Promise<Page<Organization>> {
    this.failures.throwIfInjected('listByName');
    const prefix = nameKey(query.prefix);
    const key = (organization: Organization) =>
      `${nameKey(organization.name)}#${organization.organizationId}`;
    const sorted = [...this.organizations.values()].sort((a, b) => key(a).localeCompare(key(b)));
    let after: string | undefined;
    if (query.cursor !== undefined) {
      after = Buffer.from(query.cursor, 'base64url').toString('utf8');
      if (!sorted.some((organization) => key(organization) === after)) {
        throw new InvalidCursorError('not a cursor this list issued');
      }
    }
    const page = sorted
      .filter((organization) => key(organization).startsWith(prefix))
      .filter((organization) => after === undefined || key(organization) > after)
      .slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((organization) => structuredClone(organization)),
      cursor: page.length === query.limit && last ? Buffer.from(key(last)).toString('base64url') : undefined,
    };
  }

  /** As the adapter: the profile only if still at `expectedRevision`, the member counts kept. */
  async saveEdit(edit: AppliedEdit, expectedRevision: number): Promise<void> {
    this.failures.throwIfInjected('saveEdit');
    const stored = this.organizations.get(edit.organization.organizationId);
    if (!stored || (stored.revision ?? 0) !== expectedRevision) {
      throw new ConcurrentUpdateError('the organization changed since it was read');
    }
    const { administratorCount: _count, ...changed } = edit.organization;
    this.organizations.set(stored.organizationId, {
      ...structuredClone(changed),
      ...(stored.administratorCount === undefined ? {} : { administratorCount: stored.administratorCount }),
    });
    this.events.push(...edit.events.map((event) => ({ ...event })));
  }

  async history(organizationId: string, limit: number): Promise<DirectoryEvent[]> {
    this.failures.throwIfInjected('history');
    return this.events
      .filter((event) => event.organizationId === organizationId)
      .reverse()
      .slice(0, limit);
  }

  /** As the adapter's condition: never removes a profile that is no longer pending; gone already is fine. */
  async removePendingOrganization(organization: Organization): Promise<void> {
    this.failures.throwIfInjected('removePendingOrganization');
    const stored = this.organizations.get(organization.organizationId);
    if (!stored) return;
    if (stored.status !== 'PENDING') {
      throw new Error(`organization ${organization.organizationId} is ${stored.status}, not pending`);
    }
    this.organizations.delete(organization.organizationId);
  }
}

/**
 * AccountStore in memory. Conditions mirror the DynamoDB adapter: a code state is written only over the
 * version before it, an account only over its expected revision (a sign-up's only while still unverified), a
 * verification moves an account only from the given state, and a try is counted only against a live code with
 * tries left.
 */
export class InMemoryAccountStore implements AccountExitStore, AccountRelinkStore, AddressBackfillStore {
  private readonly accounts = new Map<string, Account>();
  private readonly codes = new Map<string, CodeState>();
  private readonly memberships = new Map<string, StoredMembership>();
  private readonly failures = new Map<StoreMethod, Error>();
  /** The audit log the stores of one fake table write to, with the changes they record. */
  readonly auditLog: InMemoryAuditLog;
  /** Join requests by `<organizationId>#<userId>`. */
  private readonly joinRequests = new Map<string, JoinRequest>();

  constructor(
    private readonly organizations = new InMemoryOrganizationDirectory(),
    private readonly reminderAfterSeconds = TEST_REMINDER_AFTER_SECONDS,
  ) {
    this.auditLog = organizations.auditLog;
  }

  /** The join requests stored (test helper). */
  storedJoinRequests(organizationId: string): JoinRequest[] {
    return [...this.joinRequests.values()]
      .filter((request) => request.organizationId === organizationId)
      .map((request) => structuredClone(request));
  }

  async fileJoinRequest(account: Account, expectedRevision: number, request: JoinRequest): Promise<void> {
    this.injectedFailure('fileJoinRequest');
    if (this.accounts.get(account.userId)?.revision !== expectedRevision) {
      throw new ConcurrentUpdateError('account changed meanwhile');
    }
    this.store(account);
    this.joinRequests.set(`${request.organizationId}#${request.userId}`, structuredClone(request));
  }

  /** The administrators of an organization, with their addresses (AdministratorContacts, as the adapter). */
  async administratorContacts(
    organizationId: string,
  ): Promise<Array<{ userId: string; email: string; firstName: string; locale?: Locale | undefined }>> {
    return [...this.memberships.values()]
      .filter((member) => member.organizationId === organizationId && member.role === 'ADMINISTRATOR')
      .flatMap((member) => {
        const account = this.accounts.get(member.userId);
        return account
          ? [
              {
                userId: account.userId,
                email: account.email,
                firstName: account.firstName,
                ...(account.locale ? { locale: account.locale } : {}),
              },
            ]
          : [];
      });
  }

  /** Writes an account as the adapter's accountItem does: its reminder schedule kept, or set afresh. */
  private store(account: Account): void {
    this.accounts.set(
      account.userId,
      structuredClone(withReminderSchedule(account, this.reminderAfterSeconds)),
    );
  }

  // ---- test helpers -------------------------------------------------------------------------------------

  /** Stores an account as it is, without any condition. */
  seedAccount(account: Account): void {
    this.accounts.set(account.userId, structuredClone(account));
  }

  seedCodeState(state: CodeState): void {
    this.codes.set(state.email, structuredClone(state));
  }

  storedAccount(userId: string): Account | undefined {
    const account = this.accounts.get(userId);
    return account ? structuredClone(account) : undefined;
  }

  storedCodeState(email: string): CodeState | undefined {
    const state = this.codes.get(email);
    return state ? structuredClone(state) : undefined;
  }

  storedMemberships(): StoredMembership[] {
    return [...this.memberships.values()].map((membership) => structuredClone(membership));
  }

  /** Stores a membership as it is, without any condition (FakeMemberDirectory writes through this too). */
  seedMembership(membership: StoredMembership): void {
    this.memberships.set(`${membership.organizationId}#${membership.userId}`, structuredClone(membership));
  }

  /** Every stored account (for the fake byDue index). */
  allAccounts(): Account[] {
    return [...this.accounts.values()].map((account) => structuredClone(account));
  }

  /**
   * For InMemoryOrganizationRequestStore only: the transactions that write accounts together with requests.
   * `checkAccountRevision` is the condition, `putAccount` the write; the caller checks everything first.
   */
  checkAccountRevision(userId: string, expectedRevision: number): void {
    if (this.accounts.get(userId)?.revision !== expectedRevision) {
      throw new ConcurrentUpdateError('account changed meanwhile');
    }
  }

  putAccount(account: Account): void {
    this.store(account);
  }

  /** The next call of `method` throws `error` (once). */
  failNext(method: StoreMethod, error: Error): void {
    this.failures.set(method, error);
  }

  private injectedFailure(method: StoreMethod): void {
    const error = this.failures.get(method);
    if (error) {
      this.failures.delete(method);
      throw error;
    }
  }

  // ---- AccountStore -------------------------------------------------------------------------------------

  async getAccount(userId: string): Promise<Account | undefined> {
    this.injectedFailure('getAccount');
    return this.storedAccount(userId);
  }

  /** As the adapter's one BatchGetItem; suppressions are not this store's, so the mailer reads them itself. */
  async readAccountWith(userId: string, wanted: AccountReadsWanted): Promise<AccountReads> {
    this.injectedFailure('readAccountWith');
    return {
      account: await this.getAccount(userId),
      passwordAttempts: wanted.passwordAttempts ? await this.getPasswordAttempts(userId) : undefined,
      codeState: wanted.codeOf !== undefined ? await this.getCodeState(wanted.codeOf) : undefined,
      suppressions: new Map(),
      addressOwners: new Map((wanted.addressOwnersOf ?? []).map((email) => [email, this.owners.get(email)])),
    };
  }

  async getCodeState(email: string): Promise<CodeState | undefined> {
    this.injectedFailure('getCodeState');
    return this.storedCodeState(email);
  }

  async saveUnverifiedAccount(account: Account): Promise<void> {
    this.injectedFailure('saveUnverifiedAccount');
    const existing = this.accounts.get(account.userId);
    if (existing && existing.state !== 'VERIFY_EMAIL') {
      throw new ConcurrentUpdateError('account is no longer unverified');
    }
    this.store(account);
  }

  async saveCodeState(next: CodeState, options?: { clearPasswordAttemptsOf?: string }): Promise<void> {
    this.injectedFailure('saveCodeState');
    const storedVersion = this.codes.get(next.email)?.version ?? 0;
    if (storedVersion !== next.version - 1) throw new ConcurrentUpdateError('code state changed meanwhile');
    this.codes.set(next.email, structuredClone(next));
    if (options?.clearPasswordAttemptsOf !== undefined) {
      this.passwordAttempts.delete(options.clearPasswordAttemptsOf);
    }
  }

  async restoreCodeState(previous: CodeState, written: CodeState): Promise<void> {
    this.injectedFailure('restoreCodeState');
    if (this.codes.get(previous.email)?.version !== written.version) return;
    if (previous.version === 0) this.codes.delete(previous.email);
    else this.codes.set(previous.email, structuredClone(previous));
  }

  async reserveAttempt(
    email: string,
    now: number,
    maxAttempts: number,
    purpose: CodePurpose = 'VERIFY_EMAIL',
  ): Promise<{ accepted: true; state: CodeState } | { accepted: false; state?: CodeState }> {
    this.injectedFailure('reserveAttempt');
    const stored = this.codes.get(email);
    if (
      !stored?.codeHash ||
      (stored.purpose ?? 'VERIFY_EMAIL') !== purpose ||
      stored.expiresAt === undefined ||
      stored.attempts >= maxAttempts ||
      stored.expiresAt <= now
    ) {
      return stored ? { accepted: false, state: structuredClone(stored) } : { accepted: false };
    }
    const counted: CodeState = { ...stored, attempts: stored.attempts + 1 };
    this.codes.set(email, counted);
    return { accepted: true, state: structuredClone(counted) };
  }

  async releaseAttempt(email: string, codeHash: string): Promise<void> {
    this.injectedFailure('releaseAttempt');
    const stored = this.codes.get(email);
    if (stored?.codeHash === codeHash && stored.attempts > 0) {
      this.codes.set(email, { ...stored, attempts: stored.attempts - 1 });
    }
  }

  private readonly passwordAttempts = new Map<string, PasswordAttempts>();

  storedPasswordAttempts(userId: string): PasswordAttempts | undefined {
    const state = this.passwordAttempts.get(userId);
    return state ? structuredClone(state) : undefined;
  }

  async getPasswordAttempts(userId: string): Promise<PasswordAttempts | undefined> {
    this.injectedFailure('getPasswordAttempts');
    return this.storedPasswordAttempts(userId);
  }

  async savePasswordAttempts(next: PasswordAttempts): Promise<void> {
    this.injectedFailure('savePasswordAttempts');
    const storedVersion = this.passwordAttempts.get(next.userId)?.version ?? 0;
    if (storedVersion !== next.version - 1) throw new ConcurrentUpdateError('password attempts changed');
    this.passwordAttempts.set(next.userId, structuredClone(next));
  }

  async clearPasswordAttempts(userId: string): Promise<void> {
    this.injectedFailure('clearPasswordAttempts');
    this.passwordAttempts.delete(userId);
  }

  /** As the adapter's sparse index: accounts in ORGANIZATION_REQUIRED with a work address at `domain`. */
  async awaitingOrganization(domain: string, limit: number): Promise<Account[]> {
    this.injectedFailure('awaitingOrganization');
    return [...this.accounts.values()]
      .filter(
        (account) =>
          account.state === 'ORGANIZATION_REQUIRED' &&
          account.emailDomainKind === 'WORK' &&
          account.emailDomain === domain,
      )
      .slice(0, limit)
      .map((account) => structuredClone(account));
  }

  async consumeCode(email: string, codeHash: string): Promise<void> {
    this.injectedFailure('consumeCode');
    const stored = this.codes.get(email);
    if (stored?.codeHash !== codeHash) return;
    const { codeHash: _used, ...rest } = stored;
    this.codes.set(email, { ...rest, version: stored.version + 1 });
  }

  async completeEmailVerification(input: {
    readonly userId: string;
    readonly from: OnboardingState;
    readonly to: OnboardingState;
    readonly at: Date;
    readonly ownsAddressItem?: boolean;
  }): Promise<{ moved: true } | { moved: false; account?: Account }> {
    this.injectedFailure('completeEmailVerification');
    const account = this.accounts.get(input.userId);
    if (!account) return { moved: false };
    if (account.state !== input.from) return { moved: false, account: structuredClone(account) };
    this.accounts.set(input.userId, {
      ...account,
      ...(input.ownsAddressItem ? { ownsAddressItem: true } : {}),
      state: input.to,
      updatedAt: input.at.toISOString(),
      revision: account.revision + 1,
    });
    return { moved: true };
  }

  async saveAccount(account: Account, expectedRevision: number): Promise<void> {
    this.injectedFailure('saveAccount');
    if (this.accounts.get(account.userId)?.revision !== expectedRevision) {
      throw new ConcurrentUpdateError('account changed meanwhile');
    }
    this.store(account);
  }

  /** As the adapter: the account saved; the membership's copy of the locale is read from the account here. */
  async saveLocale(account: Account, expectedRevision: number): Promise<void> {
    await this.saveAccount(account, expectedRevision);
  }

  async saveMembership(
    account: Account,
    expectedRevision: number,
    organization: Organization,
    entry: AuditEntry,
  ): Promise<void> {
    this.injectedFailure('saveMembership');
    const key = `${organization.organizationId}#${account.userId}`;
    const stored = this.organizations.stored(organization.organizationId);
    const administrator = account.role === 'ADMINISTRATOR';
    if (
      this.accounts.get(account.userId)?.revision !== expectedRevision ||
      this.memberships.has(key) ||
      stored?.status !== 'ACTIVE' ||
      // As the adapter's conditions: only the first administrator joins as one, and a member only joins an
      // organization that has its administrator.
      (administrator ? (stored.administratorCount ?? 0) !== 0 : (stored.administratorCount ?? 0) === 0) ||
      // Joining by the domain alone only while the policy is AUTOMATIC.
      (entry.kind === 'MEMBER_JOINED' &&
        (entry.details.via === 'DOMAIN' || entry.details.via === 'DIVISION_CHOICE') &&
        policyOf(stored) !== 'AUTOMATIC')
    ) {
      throw new ConcurrentUpdateError('account or organization changed meanwhile');
    }
    this.organizations.add({
      ...stored,
      ...(administrator ? { administratorCount: 1 } : {}),
      memberCount: (stored.memberCount ?? 0) + 1,
    });
    this.store(account);
    this.memberships.set(key, {
      organizationId: organization.organizationId,
      userId: account.userId,
      role: account.role ?? 'MEMBER',
      joinedAt: account.updatedAt,
    });
    this.auditLog.append(entry);
  }

  /** The erasure records written (no personal data). */
  readonly erasures: ErasureRecord[] = [];

  async saveAccountLeavingOrganization(current: Account, next: Account): Promise<void> {
    this.injectedFailure('saveAccountLeavingOrganization');
    this.leave(current);
    this.store(next);
  }

  /** As the adapter's transaction: every condition is checked before anything changes. */
  async saveEmailChange(
    current: Account,
    next: Account,
    change: {
      leaving: boolean;
      codeHash: string;
      newAddressOwner: string | undefined;
      releaseOld: boolean;
      at: Date;
    },
  ): Promise<void> {
    this.injectedFailure('saveEmailChange');
    this.injectedFailure(change.leaving ? 'saveAccountLeavingOrganization' : 'saveAccount');
    if (
      this.codes.get(next.email)?.codeHash !== change.codeHash ||
      this.owners.get(next.email) !== change.newAddressOwner ||
      (change.releaseOld && this.owners.get(current.email) !== current.userId)
    ) {
      throw new ConcurrentUpdateError('changed meanwhile');
    }
    if (change.leaving) this.leave(current);
    else if (this.accounts.get(current.userId)?.revision !== current.revision) {
      throw new ConcurrentUpdateError('account changed meanwhile');
    }
    this.store(next);
    const code = this.codes.get(next.email);
    if (code) {
      const { codeHash: _used, ...rest } = code;
      this.codes.set(next.email, { ...rest, version: code.version + 1 });
    }
    this.owners.set(next.email, next.userId);
    if (change.releaseOld) this.owners.delete(current.email);
  }

  async eraseAccount(current: Account, record: ErasureRecord): Promise<void> {
    this.injectedFailure('eraseAccount');
    this.leave(current);
    this.accounts.delete(current.userId);
    this.passwordAttempts.delete(current.userId);
    this.erasures.push(structuredClone(record));
  }

  /** As the adapter's transaction: every condition is checked before anything changes. */
  private leave(current: Account): void {
    if (this.accounts.get(current.userId)?.revision !== current.revision) {
      throw new ConcurrentUpdateError('account changed meanwhile');
    }
    const organizationId = current.state === 'ACTIVE' ? current.organizationId : undefined;
    if (!organizationId) return;
    const key = `${organizationId}#${current.userId}`;
    const stored = this.organizations.stored(organizationId);
    if (!this.memberships.has(key) || !stored)
      throw new ConcurrentUpdateError('membership changed meanwhile');
    const administrator = current.role === 'ADMINISTRATOR';
    if (administrator && (stored.administratorCount ?? 0) <= 1 && (stored.memberCount ?? 0) > 1) {
      throw new LastAdministratorError(`${current.userId} is the last administrator of ${organizationId}`);
    }
    this.memberships.delete(key);
    this.organizations.add({
      ...stored,
      memberCount: (stored.memberCount ?? 0) - 1,
      ...(administrator ? { administratorCount: (stored.administratorCount ?? 0) - 1 } : {}),
    });
  }

  async getErasure(erasureId: string): Promise<ErasureRecord | undefined> {
    this.injectedFailure('getErasure');
    const record = this.erasures.find((candidate) => candidate.erasureId === erasureId);
    return record ? structuredClone(record) : undefined;
  }

  async finishErasure(erasureId: string): Promise<void> {
    this.injectedFailure('finishErasure');
    const index = this.erasures.findIndex((candidate) => candidate.erasureId === erasureId);
    const record = this.erasures[index];
    if (!record) return;
    const { pending: _done, ...finished } = record;
    this.erasures[index] = finished;
  }

  async deleteCodeOf(email: string, userId: string): Promise<void> {
    this.injectedFailure('deleteCodeOf');
    if (this.codes.get(email)?.userId === userId) this.codes.delete(email);
  }

  private readonly owners = new Map<string, string>();

  /** The userId the address item names, if any. */
  addressOwner(email: string): string | undefined {
    return this.owners.get(email);
  }

  /** Stores an address item as it is (an account verified before address items, without one: do not call). */
  seedAddressOwner(email: string, userId: string): void {
    this.owners.set(email, userId);
  }

  async claimAddress(
    email: string,
    userId: string,
    _at: Date,
    replacing?: string,
  ): Promise<{ claimed: true } | { claimed: false; ownerId: string }> {
    this.injectedFailure('claimAddress');
    const owner = this.owners.get(email);
    if (owner !== undefined && owner !== userId && owner !== replacing)
      return { claimed: false, ownerId: owner };
    this.owners.set(email, userId);
    return { claimed: true };
  }

  async releaseAddress(email: string, userId: string): Promise<void> {
    this.injectedFailure('releaseAddress');
    if (this.owners.get(email) === userId) this.owners.delete(email);
  }

  async markAddressItemOwned(userId: string, email: string): Promise<boolean> {
    this.injectedFailure('markAddressItemOwned');
    const account = this.accounts.get(userId);
    if (account?.email !== email) return false;
    this.accounts.set(userId, { ...account, ownsAddressItem: true });
    return true;
  }

  /** As the adapter's transaction (the fake keeps groups elsewhere: FakePortalSettings moves none here). */
  async relinkAccount(previous: Account, unverified: Account, relinked: Account): Promise<void> {
    this.injectedFailure('relinkAccount');
    const stored = this.accounts.get(unverified.userId);
    const organizationId = previous.state === 'ACTIVE' ? previous.organizationId : undefined;
    const membershipKey = organizationId ? `${organizationId}#${previous.userId}` : undefined;
    if (
      this.accounts.get(previous.userId)?.revision !== previous.revision ||
      stored?.revision !== unverified.revision ||
      stored.state !== 'VERIFY_EMAIL' ||
      this.owners.get(relinked.email) !== previous.userId
    ) {
      throw new ConcurrentUpdateError('account changed meanwhile');
    }
    const membership = membershipKey ? this.memberships.get(membershipKey) : undefined;
    if (membershipKey && membership && organizationId) {
      this.memberships.delete(membershipKey);
      this.memberships.set(`${organizationId}#${relinked.userId}`, {
        ...membership,
        userId: relinked.userId,
      });
    }
    // The request the old account submitted or joined names the new userId (same transaction as the adapter's).
    const request = previous.organizationRequestId
      ? this.organizationRequests?.storedRequest(previous.organizationRequestId)
      : undefined;
    const movedRequest =
      request &&
      withRequesterRelinked(request, previous.userId, relinked.userId, new Date(relinked.updatedAt));
    if (movedRequest) this.organizationRequests?.seedRequest(movedRequest);
    this.accounts.delete(previous.userId);
    this.store(relinked);
    this.owners.set(relinked.email, relinked.userId);
  }

  /** The requests of the same fake table (set by fakeWorld), for the re-link's requester move. */
  organizationRequests: InMemoryOrganizationRequestStore | undefined;
}

type RequestStoreMethod = keyof OrganizationRequestStore;

/** The byCollection sort key: submission time, then id, newest first when read backwards. */
function collectionKey(request: OrganizationRequest): string {
  return `${request.submittedAt}#${request.requestId}`;
}

/**
 * OrganizationRequestStore in memory, sharing the accounts of an InMemoryAccountStore as the single table
 * does. Every write checks all its conditions before changing anything, so a refused transaction leaves
 * everything as it was. Cursors, as DynamoDB's, come whenever a page is full (the next may be empty).
 */
export class InMemoryOrganizationRequestStore implements OrganizationRequestStore {
  private readonly requests = new Map<string, OrganizationRequest>();
  private readonly claims = new Map<string, string>();
  private readonly failures = new FailureInjector<RequestStoreMethod>();

  constructor(private readonly accounts: InMemoryAccountStore = new InMemoryAccountStore()) {}

  // ---- test helpers -------------------------------------------------------------------------------------

  /** Stores a request as it is, without any condition. */
  seedRequest(request: OrganizationRequest): void {
    this.requests.set(request.requestId, structuredClone(request));
  }

  /** Claims a domain for a request without any condition. */
  seedClaim(domain: string, requestId: string): void {
    this.claims.set(domain, requestId);
  }

  storedRequest(requestId: string): OrganizationRequest | undefined {
    const request = this.requests.get(requestId);
    return request ? structuredClone(request) : undefined;
  }

  allRequests(): OrganizationRequest[] {
    return [...this.requests.values()].map((request) => structuredClone(request));
  }

  /** The request holding the claim on `domain`, if any. */
  claimHolder(domain: string): string | undefined {
    return this.claims.get(domain);
  }

  /** Sets (or, undefined, removes) the claim on `domain`, as an older version or another writer left it. */
  setClaim(domain: string, requestId: string | undefined): void {
    if (requestId === undefined) this.claims.delete(domain);
    else this.claims.set(domain, requestId);
  }

  /** The next call of `method` throws `error` (once). */
  failNext(method: RequestStoreMethod, error: Error): void {
    this.failures.failNext(method, error);
  }

  private checkRevision(request: OrganizationRequest): void {
    const stored = this.requests.get(request.requestId);
    const fits = request.revision === 0 ? !stored : stored?.revision === request.revision - 1;
    if (!fits) throw new ConcurrentUpdateError('organization request changed meanwhile');
  }

  private put(request: OrganizationRequest): void {
    this.requests.set(request.requestId, structuredClone(request));
  }

  // ---- OrganizationRequestStore ---------------------------------------------------------------------------

  async getRequest(requestId: string): Promise<OrganizationRequest | undefined> {
    this.failures.throwIfInjected('getRequest');
    return this.storedRequest(requestId);
  }

  async submitRequest(
    request: OrganizationRequest,
    account: Account,
    expectedAccountRevision: number,
  ): Promise<{ holderId?: string | undefined }> {
    this.failures.throwIfInjected('submitRequest');
    if (this.requests.has(request.requestId)) {
      throw new ConcurrentUpdateError('organization request exists already');
    }
    this.accounts.checkAccountRevision(account.userId, expectedAccountRevision);
    const holderId = this.claims.get(request.domain);
    if (holderId !== undefined) return { holderId };
    this.put(request);
    this.claims.set(request.domain, request.requestId);
    this.accounts.putAccount(account);
    return {};
  }

  async joinRequest(
    holder: OrganizationRequest,
    account: Account,
    expectedAccountRevision: number,
  ): Promise<void> {
    this.failures.throwIfInjected('joinRequest');
    this.checkRevision(holder);
    if (this.claims.get(holder.domain) !== holder.requestId) {
      throw new ConcurrentUpdateError(`request ${holder.requestId} no longer holds ${holder.domain}`);
    }
    this.accounts.checkAccountRevision(account.userId, expectedAccountRevision);
    this.put(holder);
    this.accounts.putAccount(account);
  }

  async saveRequest(request: OrganizationRequest): Promise<void> {
    this.failures.throwIfInjected('saveRequest');
    this.checkRevision(request);
    this.put(request);
  }

  async claimDomain(domain: string, requestId: string): Promise<string> {
    this.failures.throwIfInjected('claimDomain');
    const holder = this.claims.get(domain);
    if (holder !== undefined) return holder;
    this.claims.set(domain, requestId);
    return requestId;
  }

  async closeRequest(request: OrganizationRequest): Promise<void> {
    this.failures.throwIfInjected('closeRequest');
    this.checkRevision(request);
    this.put(request);
    // Another request's claim on the domain is left alone.
    if (this.claims.get(request.domain) === request.requestId) this.claims.delete(request.domain);
  }

  async mergeRequest(
    holder: OrganizationRequest,
    merged: OrganizationRequest,
    followers: ReadonlyArray<{ readonly account: Account; readonly expectedRevision: number }>,
  ): Promise<void> {
    this.failures.throwIfInjected('mergeRequest');
    this.checkRevision(holder);
    this.checkRevision(merged);
    for (const { account, expectedRevision } of followers) {
      this.accounts.checkAccountRevision(account.userId, expectedRevision);
    }
    this.put(holder);
    this.put(merged);
    for (const { account } of followers) this.accounts.putAccount(account);
  }

  async openQueue(): Promise<{ open: number; oldestSubmittedAt?: string | undefined }> {
    this.failures.throwIfInjected('openQueue');
    const open = [...this.requests.values()].filter((request) => isOpen(request.stage));
    const oldest = open.map((request) => request.submittedAt).sort()[0];
    return { open: open.length, ...(oldest === undefined ? {} : { oldestSubmittedAt: oldest }) };
  }

  async listRequests(query: {
    readonly open: boolean;
    readonly limit: number;
    readonly cursor?: string | undefined;
  }): Promise<{ readonly requests: OrganizationRequest[]; readonly cursor?: string | undefined }> {
    this.failures.throwIfInjected('listRequests');
    const collection = query.open ? 'OPEN' : 'CLOSED';
    const after = query.cursor === undefined ? undefined : decodeListCursor(query.cursor, collection);
    const page = [...this.requests.values()]
      .filter((request) => isOpen(request.stage) === query.open)
      .sort((a, b) => collectionKey(b).localeCompare(collectionKey(a)))
      .filter((request) => after === undefined || collectionKey(request) < after)
      .slice(0, query.limit);
    const last = page.at(-1);
    return {
      requests: page.map((request) => structuredClone(request)),
      cursor:
        page.length === query.limit && last
          ? Buffer.from(JSON.stringify({ collection, key: collectionKey(last) })).toString('base64url')
          : undefined,
    };
  }
}

function decodeListCursor(cursor: string, collection: string): string {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor this list issued');
  }
  if (
    typeof decoded !== 'object' ||
    decoded === null ||
    (decoded as Record<string, unknown>)['collection'] !== collection ||
    typeof (decoded as Record<string, unknown>)['key'] !== 'string'
  ) {
    throw new InvalidCursorError('not a cursor this list issued');
  }
  return (decoded as Record<string, string>)['key'] as string;
}

interface DueEntry {
  readonly id: string;
  /** The byDue sort key: due time, then id. */
  readonly key: string;
}

/**
 * The byDue index in memory: due work is computed from the stored items with the same domain functions the
 * adapters write the index keys with, so a job sees exactly what the table would hand it. Pages are oldest
 * first; `after` is the last key read, so items changed while a job runs do not shift its pages.
 */
export class InMemoryDueWorkIndex implements DueWorkIndex {
  private readonly failures = new FailureInjector<'duePage'>();
  /** Every page asked for, to assert how a job reads. */
  readonly pages: Array<{ readonly kind: DueKind; readonly limit: number; readonly after?: string }> = [];

  constructor(
    private readonly sources: {
      readonly accounts: InMemoryAccountStore;
      readonly requests: InMemoryOrganizationRequestStore;
      readonly reviewRules: ReviewRules;
      readonly reminderAfterSeconds: number;
    },
  ) {}

  failNext(method: 'duePage', error: Error): void {
    this.failures.failNext(method, error);
  }

  async duePage(
    kind: DueKind,
    now: Date,
    limit: number,
    after?: string,
  ): Promise<{ readonly ids: string[]; readonly after?: string | undefined }> {
    this.failures.throwIfInjected('duePage');
    this.pages.push({ kind, limit, ...(after === undefined ? {} : { after }) });
    const start = after === undefined ? undefined : Buffer.from(after, 'base64url').toString('utf8');
    const until = `${now.toISOString()}~`;
    const page = this.entries(kind)
      .filter((entry) => entry.key <= until && (start === undefined || entry.key > start))
      .sort((a, b) => a.key.localeCompare(b.key))
      .slice(0, limit);
    const last = page.at(-1);
    return {
      ids: page.map((entry) => entry.id),
      after: page.length === limit && last ? Buffer.from(last.key).toString('base64url') : undefined,
    };
  }

  private entries(kind: DueKind): DueEntry[] {
    const { accounts, requests, reviewRules, reminderAfterSeconds } = this.sources;
    const entries: DueEntry[] = [];
    const add = (id: string, due: DueWork | undefined) => {
      if (due?.kind === kind) entries.push({ id, key: `${due.at.toISOString()}#${id}` });
    };
    for (const request of requests.allRequests()) {
      add(request.requestId, dueWorkOfRequest(request, reviewRules));
    }
    for (const account of accounts.allAccounts()) {
      add(account.userId, reminderScheduleOf(account, reminderAfterSeconds));
    }
    // As the adapter writes it: an erasure is due while something is pending, after its grace period.
    for (const erasure of accounts.erasures) {
      if (!erasure.pending) continue;
      add(erasure.erasureId, {
        kind: 'ERASURE',
        at: new Date(Date.parse(erasure.erasedAt) + ERASURE_GRACE_SECONDS * 1000),
      });
    }
    return entries;
  }
}

/** Records every start; starting the same attempt twice is one execution, as with named executions. */
export class RecordingReviewWorkflow implements ReviewWorkflow {
  /** Every execution started, once each. */
  readonly executions: Array<{ readonly requestId: string; readonly attempt: number }> = [];
  /** Every call, including repeats and failed ones. */
  calls = 0;
  private failuresLeft = 0;
  private down = false;

  /** The next `count` starts throw WorkflowUnavailableError. */
  failNextStarts(count = 1): void {
    this.failuresLeft = count;
  }

  /** Every start throws WorkflowUnavailableError until `recover()`. */
  makeUnavailable(): void {
    this.down = true;
  }

  recover(): void {
    this.down = false;
    this.failuresLeft = 0;
  }

  startsOf(requestId: string): number[] {
    return this.executions.filter((e) => e.requestId === requestId).map((e) => e.attempt);
  }

  async start(requestId: string, attempt: number): Promise<void> {
    this.calls += 1;
    if (this.down || this.failuresLeft > 0) {
      if (this.failuresLeft > 0) this.failuresLeft -= 1;
      throw new WorkflowUnavailableError('Step Functions unavailable (fake)');
    }
    if (this.executions.some((e) => e.requestId === requestId && e.attempt === attempt)) return;
    this.executions.push({ requestId, attempt });
  }
}

/** Records every message; can be told to fail the next sends as SES would when it is down. */
export class RecordingMailer implements Mailer {
  readonly sent: EmailMessage[] = [];
  private failuresLeft = 0;
  private readonly failuresTo = new Map<string, number>();

  failNextSends(count = 1): void {
    this.failuresLeft = count;
  }

  /** The next `count` sends to `address` fail; sends to others go out. */
  failSendsTo(address: string, count = 1): void {
    this.failuresTo.set(address, count);
  }

  async send(message: EmailMessage): Promise<void> {
    const failuresToAddress = this.failuresTo.get(message.to) ?? 0;
    if (this.failuresLeft > 0 || failuresToAddress > 0) {
      if (this.failuresLeft > 0) this.failuresLeft -= 1;
      else this.failuresTo.set(message.to, failuresToAddress - 1);
      throw new MailUnavailableError('SES refused or failed: ServiceUnavailable');
    }
    // As SesMailer: in the recipient's language, loaded first when it was not (functions/core/i18n/catalogs.ts).
    this.sent.push(await inRecipientLanguage(message));
  }

  sentTo(address: string): EmailMessage[] {
    return this.sent.filter((message) => message.to === address);
  }

  lastSentTo(address: string): EmailMessage {
    const last = this.sentTo(address).at(-1);
    if (!last) throw new Error(`no email was sent to ${address}`);
    return last;
  }
}

export interface FakeUser {
  readonly userId: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Cognito's `locale` attribute (the ID token's claim). */
  readonly locale?: Locale | undefined;
}

type IdentityMethod =
  | 'findUser'
  | 'registerUser'
  | 'setLocale'
  | 'markEmailVerified'
  | 'setPassword'
  | 'checkPassword'
  | 'signOutEverywhere'
  | 'changeEmail'
  | 'deleteUser'
  | 'userExists';

/** A user pool with the email as username, as the Cognito adapter uses it. */
export class FakeIdentityProvider implements IdentityProvider {
  private readonly users = new Map<string, FakeUser>();
  private readonly unavailable = new Set<IdentityMethod>();
  private nextId = 1;
  /** Ids of the users whose every session was ended, once per call. */
  readonly signedOut: string[] = [];
  /** When set, checkPassword answers LOCKED (the pool's own lock-out). */
  lockedOut = false;

  addUser(user: Omit<FakeUser, 'userId'> & { readonly userId?: string }): FakeUser {
    const stored: FakeUser = { ...user, userId: user.userId ?? this.newUserId() };
    this.users.set(stored.email, stored);
    return stored;
  }

  user(email: string): FakeUser | undefined {
    return this.users.get(email);
  }

  /** Calls of `method` throw IdentityUnavailableError until `recover()`. */
  makeUnavailable(method: IdentityMethod): void {
    this.unavailable.add(method);
  }

  recover(): void {
    this.unavailable.clear();
  }

  private assertAvailable(method: IdentityMethod): void {
    if (this.unavailable.has(method)) throw new IdentityUnavailableError('Cognito unavailable (fake)');
  }

  private newUserId(): string {
    const id = `user-${String(this.nextId).padStart(4, '0')}`;
    this.nextId += 1;
    return id;
  }

  async findUser(email: string): Promise<IdentityUser | undefined> {
    this.assertAvailable('findUser');
    const user = this.users.get(email);
    return user ? { userId: user.userId, emailVerified: user.emailVerified } : undefined;
  }

  async registerUser(input: {
    readonly email: string;
    readonly password: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly locale?: Locale | undefined;
  }): Promise<IdentityUser & { readonly created: boolean }> {
    this.assertAvailable('registerUser');
    const existing = this.users.get(input.email);
    if (existing?.emailVerified) {
      return { userId: existing.userId, emailVerified: true, created: false };
    }
    if (existing) {
      this.users.set(input.email, { ...existing, ...input });
      return { userId: existing.userId, emailVerified: false, created: false };
    }
    const created = this.addUser({ ...input, emailVerified: false });
    return { userId: created.userId, emailVerified: false, created: true };
  }

  async markEmailVerified(email: string): Promise<void> {
    this.assertAvailable('markEmailVerified');
    const user = this.users.get(email);
    if (!user) throw new Error(`no user ${email}`);
    this.users.set(email, { ...user, emailVerified: true });
  }

  /** As Cognito: a username is the email or the user's id. */
  private userNamed(username: string): FakeUser {
    const user =
      this.users.get(username) ?? [...this.users.values()].find((candidate) => candidate.userId === username);
    if (!user) throw new Error(`no user ${username}`);
    return user;
  }

  async setPassword(username: string, password: string): Promise<void> {
    this.assertAvailable('setPassword');
    const user = this.userNamed(username);
    this.users.set(user.email, { ...user, password });
  }

  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    this.assertAvailable('checkPassword');
    if (this.lockedOut) return 'LOCKED';
    return this.userNamed(username).password === password ? 'CORRECT' : 'WRONG';
  }

  async signOutEverywhere(username: string): Promise<void> {
    this.assertAvailable('signOutEverywhere');
    this.signedOut.push(this.userNamed(username).userId);
  }

  async setLocale(username: string, locale: Locale): Promise<void> {
    this.assertAvailable('setLocale');
    const user = this.userNamed(username);
    this.users.set(user.email, { ...user, locale });
  }

  /** As Cognito with the email as a username attribute: the address is unique among users. */
  async changeEmail(username: string, email: string): Promise<void> {
    this.assertAvailable('changeEmail');
    const user = this.userNamed(username);
    const holder = this.users.get(email);
    if (holder && holder.userId !== user.userId) throw new EmailTakenError('another user has this address');
    this.users.delete(user.email);
    this.users.set(email, { ...user, email, emailVerified: true });
  }

  async deleteUser(username: string): Promise<void> {
    this.assertAvailable('deleteUser');
    const user =
      this.users.get(username) ?? [...this.users.values()].find((candidate) => candidate.userId === username);
    if (user) this.users.delete(user.email);
  }

  async userExists(userId: string): Promise<boolean> {
    this.assertAvailable('userExists');
    return [...this.users.values()].some((candidate) => candidate.userId === userId);
  }
}

/** The suppression list, newest first by report time, as the table's byCollection index lists it. */
export class InMemorySuppressionList implements SuppressionList {
  private readonly entries = new Map<string, Suppression>();

  async find(email: string): Promise<Suppression | undefined> {
    const entry = this.entries.get(email);
    return entry ? { ...entry } : undefined;
  }

  async add(suppression: Suppression): Promise<boolean> {
    if (this.entries.has(suppression.email)) return false;
    this.entries.set(suppression.email, { ...suppression });
    return true;
  }

  async list(query: { limit: number; cursor?: string | undefined }): Promise<Page<Suppression>> {
    const key = (entry: Suppression) => `${entry.at}#${entry.email}`;
    let after: string | undefined;
    if (query.cursor !== undefined) {
      after = Buffer.from(query.cursor, 'base64url').toString('utf8');
      if (![...this.entries.values()].some((entry) => key(entry) === after)) {
        throw new InvalidCursorError('not a cursor this list issued');
      }
    }
    const page = [...this.entries.values()]
      .sort((a, b) => key(b).localeCompare(key(a)))
      .filter((entry) => after === undefined || key(entry) < after)
      .slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((entry) => ({ ...entry })),
      cursor: page.length === query.limit && last ? Buffer.from(key(last)).toString('base64url') : undefined,
    };
  }
}

export interface FakeWorld {
  /** Everything the use cases may need, the scheduled jobs' reminder delay included. */
  readonly deps: Dependencies & {
    readonly reminderAfterSeconds: number;
    /** The fake store, which also re-links (verification) and ends memberships. */
    readonly accounts: InMemoryAccountStore;
  };
  readonly accounts: InMemoryAccountStore;
  readonly organizations: InMemoryOrganizationDirectory;
  readonly requests: InMemoryOrganizationRequestStore;
  readonly dueWork: InMemoryDueWorkIndex;
  readonly workflow: RecordingReviewWorkflow;
  readonly identity: FakeIdentityProvider;
  /** What reached SES: the deps' mailer is this one behind the suppression list, as wired in production. */
  readonly mailer: RecordingMailer;
  readonly suppressions: InMemorySuppressionList;
  readonly clock: FixedClock;
}

/** A fresh set of fakes wired as the use cases expect them. */
export function fakeWorld(
  options: { readonly organizations?: readonly Organization[]; readonly reviewRules?: ReviewRules } = {},
): FakeWorld {
  const organizations = new InMemoryOrganizationDirectory(options.organizations);
  const accounts = new InMemoryAccountStore(organizations);
  const requests = new InMemoryOrganizationRequestStore(accounts);
  accounts.organizationRequests = requests;
  const reviewRules = options.reviewRules ?? TEST_REVIEW_RULES;
  const dueWork = new InMemoryDueWorkIndex({
    accounts,
    requests,
    reviewRules,
    reminderAfterSeconds: TEST_REMINDER_AFTER_SECONDS,
  });
  const workflow = new RecordingReviewWorkflow();
  const identity = new FakeIdentityProvider();
  const mailer = new RecordingMailer();
  const suppressions = new InMemorySuppressionList();
  const clock = new FixedClock();
  return {
    deps: {
      accounts,
      organizations,
      administrators: accounts,
      requests,
      dueWork,
      workflow,
      identity,
      mailer: new SuppressingMailer(mailer, suppressions),
      suppressions,
      codeSecret: new FixedCodeSecret(),
      clock,
      codeRules: TEST_CODE_RULES,
      reviewRules,
      reviewerEmail: TEST_REVIEWER_EMAIL,
      portalUrl: TEST_PORTAL_URL,
      reminderAfterSeconds: TEST_REMINDER_AFTER_SECONDS,
    },
    accounts,
    organizations,
    requests,
    dueWork,
    workflow,
    identity,
    mailer,
    suppressions,
    clock,
  };
}

/** The 6-digit code a verification email carries. */
/** The code of a password reset email. */
export function resetCodeIn(message: EmailMessage): string {
  const match = /Your code is (\d{6})\./.exec(message.text);
  if (!match?.[1]) throw new Error(`no reset code in "${message.subject}"`);
  return match[1];
}

export function codeIn(message: EmailMessage): string {
  const match = /verification code is (\d{6})\./.exec(message.text);
  if (!match?.[1]) throw new Error(`no code in "${message.subject}"`);
  return match[1];
}
