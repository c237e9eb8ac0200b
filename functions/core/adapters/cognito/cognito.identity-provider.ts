import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  InvalidPasswordException,
  UserNotFoundException,
  UsernameExistsException,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ValidationError } from '../../errors';
import { IdentityUnavailableError, type IdentityProvider, type IdentityUser } from '../../ports';
import { isUnavailable } from '../aws-errors';

/**
 * Cognito user pool with the email as username. Self-service sign-up is disabled in the pool; users are made
 * here with the admin API, with their own password and `email_verified=false`, and only this API's code
 * check sets `email_verified=true`.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
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

  async registerUser(input: { email: string; password: string; firstName: string; lastName: string }) {
    const names = [
      { Name: 'given_name', Value: input.firstName },
      { Name: 'family_name', Value: input.lastName },
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
      await this.setPassword(input.email, input.password);
      return { userId, emailVerified: false, created: true };
    } catch (error) {
      if (!(error instanceof UsernameExistsException)) throw translated(error);
    }
    const existing = await this.findUser(input.email);
    if (!existing) throw new IdentityUnavailableError('user vanished between create and get');
    if (existing.emailVerified) return { ...existing, created: false };
    await this.setPassword(input.email, input.password);
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

  private async setPassword(email: string, password: string): Promise<void> {
    try {
      await this.cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: this.userPoolId,
          Username: email,
          Password: password,
          Permanent: true,
        }),
      );
    } catch (error) {
      if (error instanceof InvalidPasswordException) {
        throw new ValidationError('The password does not meet the password policy.', [
          { pointer: '/password', detail: 'does not meet the password policy' },
        ]);
      }
      throw translated(error);
    }
  }
}

function translated(error: unknown): unknown {
  return isUnavailable(error) ? new IdentityUnavailableError('Cognito unavailable', { cause: error }) : error;
}
