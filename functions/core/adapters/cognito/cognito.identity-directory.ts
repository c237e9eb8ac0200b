import {
  AdminDeleteUserCommand,
  InvalidParameterException,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UserNotFoundException,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PoolUser } from '../../domain/identity-drift';
import { IdentityUnavailableError, InvalidCursorError, type IdentityDirectory } from '../../ports';
import { isUnavailable } from '../aws-errors';

/** Cognito's largest ListUsers page. */
const PAGE_SIZE = 60;

/**
 * The user pool as the reconcile-identities job walks it: ListUsers pages (60 users, 1 call each), the
 * operators' group (ListUsersInGroup), AdminDeleteUser. Only the attributes reconciliation reads are asked for.
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
    try {
      await this.cognito.send(
        new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }),
      );
    } catch (error) {
      if (error instanceof UserNotFoundException) return;
      throw translated(error);
    }
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

function translated(error: unknown): unknown {
  return isUnavailable(error) ? new IdentityUnavailableError('Cognito unavailable', { cause: error }) : error;
}
