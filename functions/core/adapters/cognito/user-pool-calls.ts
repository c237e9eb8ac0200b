import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  UserNotFoundException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { IdentityUnavailableError } from '../../ports';
import { isUnavailable } from '../aws-errors';

/** What both Cognito adapters throw for a failed call: IdentityUnavailableError when Cognito could not answer. */
export function translated(error: unknown): unknown {
  return isUnavailable(error) ? new IdentityUnavailableError('Cognito unavailable', { cause: error }) : error;
}

/** Deletes the user; one already gone is not an error. */
export async function deleteUserIfPresent(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
): Promise<void> {
  try {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
  } catch (error) {
    if (error instanceof UserNotFoundException) return;
    throw translated(error);
  }
}

/** Whether the pool has the user of this userId: with the email as username attribute, the sub is a username. */
export async function userExistsIn(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  userId: string,
): Promise<boolean> {
  try {
    await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userId }));
    return true;
  } catch (error) {
    if (error instanceof UserNotFoundException) return false;
    throw translated(error);
  }
}
