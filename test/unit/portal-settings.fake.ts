import type { Account, MemberRole } from '../../functions/core/domain/account';
import type { AuditEntry } from '../../functions/core/domain/audit-log';
import type { Organization } from '../../functions/core/domain/organization';
import { DEFAULT_VISIBILITY, type VisibilityRules } from '../../functions/core/domain/portal-visibility';
import type { ProductGroup } from '../../functions/core/domain/product-group';
import {
  ConcurrentUpdateError,
  InvalidCursorError,
  LastAdministratorError,
  type Member,
  type MemberDirectory,
  type PersonalData,
  type PersonalDataReader,
  type Page,
  type PortalOverview,
  type PortalOverviewReader,
  type PortalSettings,
} from '../../functions/core/ports';
import type { PortalDependencies } from '../../functions/core/use-cases/portal/portal-context';
import { RecentPortalReads } from '../../functions/core/use-cases/portal/recent-reads';
import {
  FailureInjector,
  fakeWorld,
  type FakeWorld,
  type InMemoryAccountStore,
  type InMemoryOrganizationDirectory,
} from './fakes';
import { InMemoryAuditLog } from './audit-log.fake';
import { FakePortalInventory } from './portal-inventory.fake';

/**
 * In-memory PortalSettings and MemberDirectory, keeping the contracts of functions/core/ports.ts as the DynamoDB
 * adapters do: writes only over the revision read, groups keyed by owner and found by id only when the viewer
 * owns them or they are shared, and the organization's count of administrators that never drops to zero.
 */

function groupKey(organizationId: string, ownerId: string, groupId: string): string {
  return `${organizationId}#${ownerId}#${groupId}`;
}

export class FakePortalSettings implements PortalSettings {
  private readonly rules = new Map<string, VisibilityRules>();
  private readonly groups = new Map<string, ProductGroup>();
  private readonly failures = new FailureInjector<keyof PortalSettings>();
  /** Every call, by method name, to assert how a use case reads and writes. */
  readonly calls: string[] = [];

  constructor(private readonly auditLog = new InMemoryAuditLog()) {}

  /** Stores rules as they are, without any condition (test setup). */
  seedVisibility(organizationId: string, rules: Partial<VisibilityRules>): this {
    this.rules.set(organizationId, structuredClone({ ...DEFAULT_VISIBILITY, revision: 1, ...rules }));
    return this;
  }

  /** Stores a group as it is, without any condition (test setup). */
  seedGroup(group: ProductGroup): this {
    this.groups.set(groupKey(group.organizationId, group.ownerId, group.groupId), structuredClone(group));
    return this;
  }

  storedVisibility(organizationId: string): VisibilityRules | undefined {
    const rules = this.rules.get(organizationId);
    return rules ? structuredClone(rules) : undefined;
  }

  storedGroups(): ProductGroup[] {
    return [...this.groups.values()].map((group) => structuredClone(group));
  }

  failNext(method: keyof PortalSettings, error: Error): void {
    this.failures.failNext(method, error);
  }

  private enter(method: keyof PortalSettings): void {
    this.calls.push(method);
    this.failures.throwIfInjected(method);
  }

  async getVisibility(organizationId: string): Promise<VisibilityRules> {
    this.enter('getVisibility');
    return this.storedVisibility(organizationId) ?? DEFAULT_VISIBILITY;
  }

  async saveVisibility(organizationId: string, rules: VisibilityRules, entry: AuditEntry): Promise<void> {
    this.enter('saveVisibility');
    const stored = this.rules.get(organizationId)?.revision ?? 0;
    if (stored !== rules.revision - 1) throw new ConcurrentUpdateError('visibility rules changed meanwhile');
    this.rules.set(organizationId, structuredClone(rules));
    this.auditLog.append(entry);
  }

  async listGroups(organizationId: string, viewerId: string): Promise<ProductGroup[]> {
    this.enter('listGroups');
    return this.storedGroups().filter(
      (group) => group.organizationId === organizationId && (group.ownerId === viewerId || group.shared),
    );
  }

  async listOwnGroups(organizationId: string, ownerId: string): Promise<ProductGroup[]> {
    this.enter('listOwnGroups');
    return this.storedGroups().filter(
      (group) => group.organizationId === organizationId && group.ownerId === ownerId,
    );
  }

  async countOwnGroups(organizationId: string, ownerId: string): Promise<number> {
    this.enter('countOwnGroups');
    return this.storedGroups().filter(
      (group) => group.organizationId === organizationId && group.ownerId === ownerId,
    ).length;
  }

  async getGroup(
    organizationId: string,
    groupId: string,
    viewerId: string,
  ): Promise<ProductGroup | undefined> {
    this.enter('getGroup');
    const own = this.groups.get(groupKey(organizationId, viewerId, groupId));
    if (own) return structuredClone(own);
    const shared = [...this.groups.values()].find(
      (group) => group.organizationId === organizationId && group.groupId === groupId && group.shared,
    );
    return shared ? structuredClone(shared) : undefined;
  }

  async createGroup(group: ProductGroup): Promise<void> {
    this.enter('createGroup');
    const key = groupKey(group.organizationId, group.ownerId, group.groupId);
    if (this.groups.has(key) || group.revision !== 0) throw new ConcurrentUpdateError('group exists already');
    this.groups.set(key, structuredClone(group));
  }

  async saveGroup(group: ProductGroup): Promise<void> {
    this.enter('saveGroup');
    const key = groupKey(group.organizationId, group.ownerId, group.groupId);
    if (this.groups.get(key)?.revision !== group.revision - 1) {
      throw new ConcurrentUpdateError('group changed meanwhile');
    }
    this.groups.set(key, structuredClone(group));
  }

  async deleteGroup(group: ProductGroup): Promise<void> {
    this.enter('deleteGroup');
    const key = groupKey(group.organizationId, group.ownerId, group.groupId);
    const stored = this.groups.get(key);
    if (!stored) return;
    if (stored.revision !== group.revision) throw new ConcurrentUpdateError('group changed meanwhile');
    this.groups.delete(key);
  }
}

/**
 * The members of organizations, over the memberships and accounts of an InMemoryAccountStore and the profiles
 * of an InMemoryOrganizationDirectory, as the single table holds them together. Members are listed by userId
 * (the membership sort key); cursors are opaque offsets.
 */
export class FakeMemberDirectory implements MemberDirectory {
  private readonly failures = new FailureInjector<keyof MemberDirectory>();

  constructor(
    private readonly accounts: InMemoryAccountStore,
    private readonly organizations: InMemoryOrganizationDirectory,
  ) {}

  /**
   * Test setup: `account` (ACTIVE in `organizationId`, with its role) and its membership, the organization's
   * count of administrators following, without any condition.
   */
  addMember(account: Account, joinedAt = account.updatedAt): this {
    const organizationId = account.organizationId;
    if (!organizationId) throw new Error(`account ${account.userId} has no organization`);
    const role = account.role ?? 'MEMBER';
    this.accounts.seedAccount(account);
    this.accounts.seedMembership({ organizationId, userId: account.userId, role, joinedAt });
    if (role === 'ADMINISTRATOR') this.countAdministrators(organizationId, 1);
    const organization = this.organizations.stored(organizationId);
    if (organization) {
      this.organizations.add({ ...organization, memberCount: (organization.memberCount ?? 0) + 1 });
    }
    return this;
  }

  failNext(method: keyof MemberDirectory, error: Error): void {
    this.failures.failNext(method, error);
  }

  async listMembers(
    organizationId: string,
    query: { readonly limit: number; readonly cursor?: string | undefined },
  ): Promise<Page<Member>> {
    this.failures.throwIfInjected('listMembers');
    const members = this.membersOf(organizationId);
    const offset = query.cursor === undefined ? 0 : decodeOffset(query.cursor, organizationId);
    const end = offset + query.limit;
    return {
      items: members.slice(offset, end),
      cursor:
        end < members.length
          ? Buffer.from(JSON.stringify({ organizationId, offset: end })).toString('base64url')
          : undefined,
    };
  }

  async getMember(organizationId: string, userId: string): Promise<Member | undefined> {
    this.failures.throwIfInjected('getMember');
    return this.membersOf(organizationId).find((member) => member.userId === userId);
  }

  async changeRole(
    organizationId: string,
    userId: string,
    from: MemberRole,
    to: MemberRole,
    entry: AuditEntry,
  ): Promise<void> {
    this.failures.throwIfInjected('changeRole');
    if (from === to) return;
    const membership = this.accounts
      .storedMemberships()
      .find((entry) => entry.organizationId === organizationId && entry.userId === userId);
    const account = this.accounts.storedAccount(userId);
    const organization = this.organizations.stored(organizationId);
    // As the adapter's transaction: the member and account conditions first, then the count.
    if (membership?.role !== from || account?.organizationId !== organizationId || !organization) {
      throw new ConcurrentUpdateError('member changed meanwhile');
    }
    if (from === 'ADMINISTRATOR' && (organization.administratorCount ?? 0) <= 1) {
      throw new LastAdministratorError(`${userId} is the last administrator of ${organizationId}`);
    }
    this.accounts.seedMembership({ ...membership, role: to });
    this.accounts.putAccount({ ...account, role: to, revision: account.revision + 1 });
    this.countAdministrators(organizationId, from === 'ADMINISTRATOR' ? -1 : 1);
    this.accounts.auditLog.append(entry);
  }

  private countAdministrators(organizationId: string, delta: number): void {
    const organization = this.organizations.stored(organizationId);
    if (!organization) throw new Error(`no organization ${organizationId}`);
    const administratorCount = (organization.administratorCount ?? 0) + delta;
    this.organizations.add({ ...organization, administratorCount } satisfies Organization);
  }

  private membersOf(organizationId: string): Member[] {
    return this.accounts
      .storedMemberships()
      .filter((membership) => membership.organizationId === organizationId)
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
      .map((membership) => {
        const account = this.accounts.storedAccount(membership.userId);
        return {
          userId: membership.userId,
          email: account?.email ?? '',
          firstName: account?.firstName ?? '',
          lastName: account?.lastName ?? '',
          role: membership.role,
          joinedAt: membership.joinedAt,
        };
      });
  }
}

function decodeOffset(cursor: string, organizationId: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'organizationId' in parsed &&
      parsed.organizationId === organizationId &&
      'offset' in parsed &&
      typeof parsed.offset === 'number' &&
      Number.isInteger(parsed.offset) &&
      parsed.offset >= 0
    ) {
      return parsed.offset;
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidCursorError('not a cursor this list issued');
}

/**
 * PortalOverviewReader over the fakes' stored organizations, sites and rules, as the adapter reads them from
 * one partition. Counts its reads in `calls` of the inventory (`overview`).
 */
export class FakePortalOverviewReader implements PortalOverviewReader {
  constructor(
    private readonly organizations: InMemoryOrganizationDirectory,
    private readonly inventory: FakePortalInventory,
    private readonly settings: FakePortalSettings,
  ) {}

  async read(organizationId: string): Promise<PortalOverview> {
    this.inventory.calls.push('overview');
    const organization = this.organizations.stored(organizationId);
    const sites = this.inventory.allSiteCounters(organizationId);
    return {
      ...(organization ? { organization } : {}),
      visibility: this.settings.storedVisibility(organizationId) ?? DEFAULT_VISIBILITY,
      sites,
    };
  }
}

/** PersonalDataReader over the fakes, reading what the DynamoDB reader reads (personal-data.reader.ts). */
export class FakePersonalDataReader implements PersonalDataReader {
  constructor(
    private readonly world: FakeWorld,
    private readonly settings: FakePortalSettings,
    private readonly members: FakeMemberDirectory,
  ) {}

  async read(account: Account): Promise<PersonalData> {
    const codes = this.world.accounts.storedCodeState(account.email);
    const passwordAttempts = this.world.accounts.storedPasswordAttempts(account.userId);
    const membership = account.organizationId
      ? await this.members.getMember(account.organizationId, account.userId)
      : undefined;
    const request = account.organizationRequestId
      ? await this.world.requests.getRequest(account.organizationRequestId)
      : undefined;
    return {
      ...(codes ? { codes } : {}),
      ...(passwordAttempts ? { passwordAttempts } : {}),
      ...(membership ? { membership } : {}),
      ...(request ? { request } : {}),
      groups: account.organizationId
        ? await this.settings.listOwnGroups(account.organizationId, account.userId)
        : [],
    };
  }
}

export interface PortalWorld extends FakeWorld {
  readonly portal: PortalDependencies;
  readonly inventory: FakePortalInventory;
  readonly settings: FakePortalSettings;
  readonly members: FakeMemberDirectory;
  readonly auditLog: InMemoryAuditLog;
}

/** fakeWorld() with the portal's fakes beside it, sharing its accounts, organizations and clock. */
export function portalWorld(options: Parameters<typeof fakeWorld>[0] = {}): PortalWorld {
  const world = fakeWorld(options);
  const inventory = new FakePortalInventory();
  const settings = new FakePortalSettings(world.accounts.auditLog);
  const members = new FakeMemberDirectory(world.accounts, world.organizations);
  const overview = new FakePortalOverviewReader(world.organizations, inventory, settings);
  return {
    ...world,
    portal: {
      accounts: world.accounts,
      organizations: world.organizations,
      inventory,
      settings,
      overview,
      recent: new RecentPortalReads(),
      members,
      audit: world.accounts.auditLog,
      clock: world.clock,
    },
    inventory,
    settings,
    members,
    auditLog: world.accounts.auditLog,
  };
}
