import { ValidationError } from '../../errors';
import * as emailTemplates from '../../email/templates';
import { logger } from '../../logger';
import { withIdentity } from '../code-delivery';
import type { Dependencies } from '../dependencies';
import { confirmPassword } from './confirm-password';
import * as problemDetails from '../../i18n/details/compiled/index';

export type AccountDependencies = Pick<
  Dependencies,
  'accounts' | 'identity' | 'mailer' | 'clock' | 'portalUrl'
>;

export interface ChangePasswordInput {
  readonly currentPassword: string;
  /** Already checked against PASSWORD_POLICY by the route's schema. */
  readonly newPassword: string;
}

/**
 * Change the password of the signed-in user. Main path: the current password is confirmed (counted towards a
 * lock-out, confirm-password.ts) → Cognito sets the new one (permanent) → every session is signed out, the
 * caller's own included (Cognito has no "all but this one"; the web client signs in again with the new
 * password) → a notice email.
 * Cognito's own ChangePassword needs an access token, and the API is given ID tokens: hence the check by
 * AdminInitiateAuth and AdminSetUserPassword (docs/account.md).
 * Failure paths: the same password again → 400; wrong current password → 400 (counted); locked → 429;
 * Cognito unavailable → 503 (the new password set and the sign-out not done is safe to repeat: the request
 * can be sent again with the new password as the current one); the notice failing is logged, not answered.
 */
export async function changePassword(
  deps: AccountDependencies,
  caller: { readonly userId: string; readonly email: string },
  input: ChangePasswordInput,
) {
  if (input.newPassword === input.currentPassword) {
    throw new ValidationError('The new password is the current one.', [
      { pointer: '/newPassword', detail: 'must differ from the current password' },
    ]).keyed(problemDetails.newPasswordIsCurrent);
  }
  await confirmPassword(deps, {
    userId: caller.userId,
    password: input.currentPassword,
    field: '/currentPassword',
  });
  await withIdentity(() => deps.identity.setPassword(caller.userId, input.newPassword, '/newPassword'));
  await withIdentity(() => deps.identity.signOutEverywhere(caller.userId));
  await deps.mailer
    .send(emailTemplates.passwordChanged({ to: caller.email, portalUrl: deps.portalUrl }))
    .catch((error: unknown) => logger.error('password-changed notice could not be sent', { error }));
  return {
    status: 'PASSWORD_CHANGED' as const,
    detail: 'Your password was changed and every session was signed out, this one included: sign in again.',
  };
}
