import type { CodeRules } from '../../functions/core/config';
import type { Account, OnboardingState } from '../../functions/core/domain/account';
import type { CodeState } from '../../functions/core/domain/one-time-code';
import type { Organization } from '../../functions/core/domain/organization';
import { logger } from '../../functions/core/logger';
import {
  ConcurrentUpdateError,
  IdentityUnavailableError,
  MailUnavailableError,
  type AccountStore,
  type Clock,
  type CodeSecret,
  type EmailMessage,
  type IdentityProvider,
  type IdentityUser,
  type Mailer,
  type OrganizationDirectory,
} from '../../functions/core/ports';
import type { Dependencies } from '../../functions/core/use-cases/dependencies';

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

type StoreMethod = keyof AccountStore;

/** The organizations the fake store and directory share, as the single table does. */
export class InMemoryOrganizationDirectory implements OrganizationDirectory {
  private readonly organizations = new Map<string, Organization>();

  constructor(organizations: readonly Organization[] = []) {
    for (const organization of organizations) this.add(organization);
  }

  add(organization: Organization): void {
    this.organizations.set(organization.organizationId, structuredClone(organization));
  }

  async findByEmailDomain(domain: string): Promise<Organization[]> {
    return [...this.organizations.values()]
      .filter((organization) => organization.domains.includes(domain))
      .map((organization) => structuredClone(organization));
  }

  async getOrganization(organizationId: string): Promise<Organization | undefined> {
    const organization = this.organizations.get(organizationId);
    return organization ? structuredClone(organization) : undefined;
  }
}

/**
 * AccountStore in memory. Conditions mirror the DynamoDB adapter: a code state is written only over the
 * version before it, an account only over its expected revision (or, with a code, while still unverified),
 * and a try is counted only against a live code with tries left.
 */
export class InMemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, Account>();
  private readonly codes = new Map<string, CodeState>();
  private readonly memberships = new Map<string, StoredMembership>();
  private readonly failures = new Map<StoreMethod, Error>();

  constructor(private readonly organizations = new InMemoryOrganizationDirectory()) {}

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

  async getCodeState(email: string): Promise<CodeState | undefined> {
    this.injectedFailure('getCodeState');
    return this.storedCodeState(email);
  }

  async saveCodeState(next: CodeState, account?: Account): Promise<void> {
    this.injectedFailure('saveCodeState');
    const storedVersion = this.codes.get(next.email)?.version ?? 0;
    if (storedVersion !== next.version - 1) throw new ConcurrentUpdateError('code state changed meanwhile');
    if (account) {
      const existing = this.accounts.get(account.userId);
      if (existing && existing.state !== 'VERIFY_EMAIL') {
        throw new ConcurrentUpdateError('account is no longer unverified');
      }
      this.accounts.set(account.userId, structuredClone(account));
    }
    this.codes.set(next.email, structuredClone(next));
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
  ): Promise<{ accepted: true; state: CodeState } | { accepted: false; state?: CodeState }> {
    this.injectedFailure('reserveAttempt');
    const stored = this.codes.get(email);
    if (
      !stored?.codeHash ||
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

  async completeEmailVerification(input: {
    readonly userId: string;
    readonly email: string;
    readonly codeHash: string;
    readonly from: OnboardingState;
    readonly to: OnboardingState;
    readonly at: Date;
  }): Promise<void> {
    this.injectedFailure('completeEmailVerification');
    const account = this.accounts.get(input.userId);
    const code = this.codes.get(input.email);
    if (!account || account.state !== input.from || !code || code.codeHash !== input.codeHash) {
      throw new ConcurrentUpdateError('account or code changed meanwhile');
    }
    this.accounts.set(input.userId, {
      ...account,
      state: input.to,
      updatedAt: input.at.toISOString(),
      revision: account.revision + 1,
    });
    const { codeHash: _used, expiresAt: _expiry, ...rest } = code;
    this.codes.set(input.email, { ...rest, attempts: 0 });
  }

  async saveAccount(account: Account, expectedRevision: number): Promise<void> {
    this.injectedFailure('saveAccount');
    if (this.accounts.get(account.userId)?.revision !== expectedRevision) {
      throw new ConcurrentUpdateError('account changed meanwhile');
    }
    this.accounts.set(account.userId, structuredClone(account));
  }

  async saveMembership(
    account: Account,
    expectedRevision: number,
    organization: Organization,
  ): Promise<void> {
    this.injectedFailure('saveMembership');
    const key = `${organization.organizationId}#${account.userId}`;
    const stored = await this.organizations.getOrganization(organization.organizationId);
    if (
      this.accounts.get(account.userId)?.revision !== expectedRevision ||
      this.memberships.has(key) ||
      stored?.status !== 'ACTIVE'
    ) {
      throw new ConcurrentUpdateError('account or organization changed meanwhile');
    }
    this.accounts.set(account.userId, structuredClone(account));
    this.memberships.set(key, {
      organizationId: organization.organizationId,
      userId: account.userId,
      role: account.role ?? 'MEMBER',
      joinedAt: account.updatedAt,
    });
  }
}

/** Records every message; can be told to fail the next sends as SES would when it is down. */
export class RecordingMailer implements Mailer {
  readonly sent: EmailMessage[] = [];
  private failuresLeft = 0;

  failNextSends(count = 1): void {
    this.failuresLeft = count;
  }

  async send(message: EmailMessage): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new MailUnavailableError('SES refused or failed: ServiceUnavailable');
    }
    this.sent.push(message);
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
}

type IdentityMethod = 'findUser' | 'registerUser' | 'markEmailVerified';

/** A user pool with the email as username, as the Cognito adapter uses it. */
export class FakeIdentityProvider implements IdentityProvider {
  private readonly users = new Map<string, FakeUser>();
  private readonly unavailable = new Set<IdentityMethod>();
  private nextId = 1;

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
}

export interface FakeWorld {
  readonly deps: Dependencies;
  readonly accounts: InMemoryAccountStore;
  readonly organizations: InMemoryOrganizationDirectory;
  readonly identity: FakeIdentityProvider;
  readonly mailer: RecordingMailer;
  readonly clock: FixedClock;
}

/** A fresh set of fakes wired as the use cases expect them. */
export function fakeWorld(options: { readonly organizations?: readonly Organization[] } = {}): FakeWorld {
  const organizations = new InMemoryOrganizationDirectory(options.organizations);
  const accounts = new InMemoryAccountStore(organizations);
  const identity = new FakeIdentityProvider();
  const mailer = new RecordingMailer();
  const clock = new FixedClock();
  return {
    deps: {
      accounts,
      organizations,
      identity,
      mailer,
      codeSecret: new FixedCodeSecret(),
      clock,
      codeRules: TEST_CODE_RULES,
      portalUrl: TEST_PORTAL_URL,
    },
    accounts,
    organizations,
    identity,
    mailer,
    clock,
  };
}

/** The 6-digit code a verification email carries. */
export function codeIn(message: EmailMessage): string {
  const match = /verification code is (\d{6})\./.exec(message.text);
  if (!match?.[1]) throw new Error(`no code in "${message.subject}"`);
  return match[1];
}
