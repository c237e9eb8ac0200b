import { withIdentity } from '../code-delivery';
import { confirmPassword } from './confirm-password';
import { eraseAccount, type ErasureDependencies } from './erase-account';

/**
 * "Delete my account": the password is re-entered (counted towards the lock-out, confirm-password.ts), then
 * everything is erased (erase-account.ts). Repeating it after a stop half way finishes the erasure (the
 * Cognito user still exists, so the password still checks).
 * Failure paths: wrong password → 400 naming /currentPassword; locked → 429; last administrator of an
 * organization with other members → 409; Cognito down → 503.
 */
export async function deleteMyAccount(
  deps: ErasureDependencies,
  caller: { readonly userId: string },
  input: { readonly currentPassword: string },
) {
  await confirmPassword(deps, {
    userId: caller.userId,
    password: input.currentPassword,
    field: '/currentPassword',
  });
  await withIdentity(() => eraseAccount(deps, caller.userId));
  return {
    status: 'ACCOUNT_DELETED' as const,
    detail:
      'Your account and everything Portico kept about you were deleted, and you were signed out. You can sign up again at any time.',
  };
}
