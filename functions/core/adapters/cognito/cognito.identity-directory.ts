import {
  InvalidParameterException,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PoolUser } from '../../domain/identity-drift';
import { InvalidCursorError, type IdentityDirectory } from '../../ports';
import { deleteUserIfPresent, translated, userExistsIn } from './user-pool-calls';

/** Cognito's largest ListUsers page. */
const PAGE_SIZE = 60;

/**
 * The user pool as the reconcile-identities job walks it: ListUsers pages (60 users, 1 call each), the
 * operators' group (ListUsersInGroup), AdminDeleteUser, and AdminGetUser for the administrators' sweep. Only the attributes reconciliation reads are asked for.
 */
export class CognitoIdentityDirectory implements IdentityDirectory {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
    private readonly operatorsGroup: string,
  ) {}

  async listUsers(cursor?: string) {
    try {
      const page = await this.cognito.send(
        new ListUsersCommand({
          UserPoolId: this.userPoolId,
          Limit: PAGE_SIZE,
          AttributesToGet: ['sub', 'email'],
          ...(cursor ? { PaginationToken: cursor } : {}),
        }),
      );
      return {
        users: (page.Users ?? []).flatMap((user) => poolUserOf(user) ?? []),
        cursor: page.PaginationToken,
      };
    } catch (error) {
      if (cursor && error instanceof InvalidParameterException) {
        throw new InvalidCursorError('the pool refused the pagination token', { cause: error });
      }
      throw translated(error);
    }
  }

  async operatorIds(): Promise<ReadonlySet<string>> {
    const ids = new Set<string>();
    let token: string | undefined;
    try {
      do {
        const page = await this.cognito.send(
          new ListUsersInGroupCommand({
            UserPoolId: this.userPoolId,
            GroupName: this.operatorsGroup,
            Limit: PAGE_SIZE,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        for (const user of page.Users ?? []) {
          const id = poolUserOf(user)?.userId;
          if (id) ids.add(id);
        }
        token = page.NextToken;
      } while (token);
    } catch (error) {
      throw translated(error);
    }
    return ids;
  }

  async deleteUser(username: string): Promise<void> {
    await deleteUserIfPresent(this.cognito, this.userPoolId, username);
  }

  userExists(userId: string): Promise<boolean> {
    return userExistsIn(this.cognito, this.userPoolId, userId);
  }
}

function poolUserOf(user: UserType): PoolUser | undefined {
  const attribute = (name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;
  const userId = attribute('sub');
  if (!userId || !user.Username) return undefined;
  return {
    userId,
    username: user.Username,
    email: attribute('email'),
    enabled: user.Enabled !== false,
    createdAt: user.UserCreateDate ?? new Date(0),
  };
}
