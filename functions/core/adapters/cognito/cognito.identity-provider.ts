import type { Locale } from '../../i18n/locale';
import {
  AdminCreateUserCommand,
  AliasExistsException,
  AdminInitiateAuthCommand,
  AdminUserGlobalSignOutCommand,
  NotAuthorizedException,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  InvalidPasswordException,
  UserNotFoundException,
  UsernameExistsException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConfigurationError } from '../../config';
import { ValidationError } from '../../errors';
import {
  EmailTakenError,
  IdentityUnavailableError,
  type IdentityProvider,
  type IdentityUser,
  type PasswordCheck,
} from '../../ports';
import { deleteUserIfPresent, translated, userExistsIn } from './user-pool-calls';
import * as problemDetails from '../../i18n/details/compiled/index';

/**
 * Cognito user pool with the email as username. Self-service sign-up is disabled in the pool; users are made
 * here with the admin API, with their own password and `email_verified=false`, and only this API's code
 * check sets `email_verified=true`.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
    /** The app client that allows ADMIN_USER_PASSWORD_AUTH; only checkPassword needs it. */
    private readonly clientId?: string,
  ) {}

  async findUser(email: string): Promise<IdentityUser | undefined> {
    try {
      const user = await this.cognito.send(
        new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: email }),
      );
      const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
      const userId = attribute('sub') ?? user.Username;
      if (!userId) throw new Error('Cognito user without sub');
      return { userId, emailVerified: attribute('email_verified') === 'true' };
    } catch (error) {
      if (error instanceof UserNotFoundException) return undefined;
      throw translated(error);
    }
  }

  async registerUser(input: {
    email: string;
    password: string;
    firstName: string;
    lastName: string;
    locale?: Locale | undefined;
  }) {
    const names = [
      { Name: 'given_name', Value: input.firstName },
      { Name: 'family_name', Value: input.lastName },
      ...(input.locale ? [{ Name: 'locale', Value: input.locale }] : []),
    ];
    try {
      const created = await this.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: input.email,
          MessageAction: 'SUPPRESS',
          // No email_verified attribute: absent means unverified. (cognito-local would turn an explicit "false"
          // into `email_verified: true` in its tokens.)
          UserAttributes: [{ Name: 'email', Value: input.email }, ...names],
        }),
      );
      const userId = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? created.User?.Username;
      if (!userId) throw new Error('Cognito created a user without sub');
      await this.setPassword(input.email, input.password, '/password');
      return { userId, emailVerified: false, created: true };
    } catch (error) {
      if (!(error instanceof UsernameExistsException)) throw translated(error);
    }
    const existing = await this.findUser(input.email);
    if (!existing) throw new IdentityUnavailableError('user vanished between create and get');
    if (existing.emailVerified) return { ...existing, created: false };
    await this.setPassword(input.email, input.password, '/password');
    try {
      await this.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.userPoolId,
          Username: input.email,
          UserAttributes: names,
        }),
      );
    } catch (error) {
      throw translated(error);
    }
    return { ...existing, created: false };
  }

  async markEmailVerified(email: string): Promise<void> {
    try {
      await this.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.userPoolId,
          Username: email,
          // `email` goes with `email_verified` so that no pool setting can flip the address back to unverified.
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
    } catch (error) {
      throw translated(error);
    }
  }

  async setPassword(username: string, password: string, field: string): Promise<void> {
    try {
      await this.cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          Password: password,
          Permanent: true,
        }),
      );
    } catch (error) {
      if (error instanceof InvalidPasswordException) {
        throw new ValidationError('The password does not meet the password policy.', [
          { pointer: field, detail: 'does not meet the password policy' },
        ]).keyed(problemDetails.passwordPolicy);
      }
      throw translated(error);
    }
  }

  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    if (!this.clientId) throw new ConfigurationError('USER_POOL_CLIENT_ID is not set for this function');
    try {
      // Any answer that is not a refusal proves the password, an MFA challenge included. The session it
      // opens is ended by the caller's next step (a global sign-out, or the user's deletion).
      await this.cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: this.userPoolId,
          ClientId: this.clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
      return 'CORRECT';
    } catch (error) {
      if (error instanceof NotAuthorizedException) {
        // Cognito's own lock-out after repeated failures: "Password attempts exceeded".
        return /attempts exceeded/i.test(error.message) ? 'LOCKED' : 'WRONG';
      }
      // cognito-local answers a wrong password with InvalidPasswordException.
      if (error instanceof InvalidPasswordException) return 'WRONG';
      // A user deleted meanwhile (an erasure finishing) has no password that could be right.
      if (error instanceof UserNotFoundException) return 'WRONG';
      throw translated(error);
    }
  }

  async signOutEverywhere(username: string): Promise<void> {
    try {
      await this.cognito.send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }),
      );
    } catch (error) {
      throw translated(error);
    }
  }

  async setLocale(username: string, locale: Locale): Promise<void> {
    try {
      await this.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          UserAttributes: [{ Name: 'locale', Value: locale }],
        }),
      );
    } catch (error) {
      throw translated(error);
    }
  }

  async changeEmail(username: string, email: string): Promise<void> {
    try {
      await this.cognito.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          // Verified in the same call: the code sent to the address proved it, and with `email_verified` true
          // the pool takes the new address at once (no pending verification of its own, no Cognito email).
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof AliasExistsException) {
        throw new EmailTakenError('another user has this address', { cause: error });
      }
      throw translated(error);
    }
  }

  async deleteUser(username: string): Promise<void> {
    await deleteUserIfPresent(this.cognito, this.userPoolId, username);
  }

  userExists(userId: string): Promise<boolean> {
    return userExistsIn(this.cognito, this.userPoolId, userId);
  }
}
