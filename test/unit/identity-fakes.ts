import type { PoolUser } from '../../functions/core/domain/identity-drift';
import {
  InvalidCursorError,
  type AdministratorDirectory,
  type IdentityDirectory,
  type JobCursorStore,
} from '../../functions/core/ports';
import type { InMemoryAccountStore } from './fakes';

/**
 * The user pool as reconciliation sees it: users in a stable order, paged `pageSize` at a time with opaque
 * cursors (the last username of the page, as the local server's pages), the operators' group, deletions.
 */
export class FakeIdentityDirectory implements IdentityDirectory {
  private readonly users = new Map<string, PoolUser>();
  readonly operators = new Set<string>();
  readonly deleted: string[] = [];
  readonly pagesRead: (string | undefined)[] = [];

  constructor(private readonly pageSize = 60) {}

  addUser(user: Partial<PoolUser> & { readonly userId: string }): PoolUser {
    const stored: PoolUser = {
      username: user.userId,
      email: `${user.userId}@acme.example`,
      enabled: true,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      ...user,
    };
    this.users.set(stored.username, stored);
    return stored;
  }

  setEnabled(username: string, enabled: boolean): void {
    const user = this.users.get(username);
    if (user) this.users.set(username, { ...user, enabled });
  }

  has(username: string): boolean {
    return this.users.has(username);
  }

  /** Forgets the user, as a deletion in the AWS console does. */
  removeUser(username: string): void {
    this.users.delete(username);
  }

  async userExists(userId: string): Promise<boolean> {
    return [...this.users.values()].some((user) => user.userId === userId);
  }

  async listUsers(cursor?: string) {
    this.pagesRead.push(cursor);
    if (cursor !== undefined && !cursor.startsWith('after:')) throw new InvalidCursorError('bad cursor');
    const sorted = [...this.users.values()].sort((a, b) => a.username.localeCompare(b.username));
    const after = cursor?.slice('after:'.length);
    const rest = after === undefined ? sorted : sorted.filter((user) => user.username > after);
    const users = rest.slice(0, this.pageSize);
    const last = users.at(-1);
    return { users, cursor: rest.length > users.length && last ? `after:${last.username}` : undefined };
  }

  async operatorIds(): Promise<ReadonlySet<string>> {
    return new Set(this.operators);
  }

  async deleteUser(username: string): Promise<void> {
    if (this.users.delete(username)) this.deleted.push(username);
  }
}

export class InMemoryJobCursorStore implements JobCursorStore {
  readonly cursors = new Map<string, string>();

  async get(job: string): Promise<string | undefined> {
    return this.cursors.get(job);
  }

  async save(job: string, cursor: string | undefined): Promise<void> {
    if (cursor === undefined) this.cursors.delete(job);
    else this.cursors.set(job, cursor);
  }
}

/** The administrators of an organization, from the memberships of an InMemoryAccountStore. */
export class MembershipAdministrators implements AdministratorDirectory {
  constructor(private readonly accounts: InMemoryAccountStore) {}

  async administratorIds(organizationId: string): Promise<string[]> {
    return this.accounts
      .storedMemberships()
      .filter(
        (membership) => membership.organizationId === organizationId && membership.role === 'ADMINISTRATOR',
      )
      .map((membership) => membership.userId);
  }
}
