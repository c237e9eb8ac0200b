import { withIdentity } from '../code-delivery';
import type { Dependencies } from '../dependencies';

/**
 * Sign out everywhere: Cognito's global sign-out for the caller (AdminUserGlobalSignOut), so that no refresh
 * token of theirs works any more, on any device. ID tokens already handed out stay valid until they expire (at
 * most an hour): Cognito does not revoke them, and API Gateway's authorizer checks only their signature and
 * expiry (docs/account.md).
 * Failure paths: Cognito unavailable → 503, nothing changed.
 */
export async function signOutEverywhere(
  deps: Pick<Dependencies, 'identity'>,
  caller: { readonly userId: string },
) {
  await withIdentity(() => deps.identity.signOutEverywhere(caller.userId));
  return {
    status: 'SIGNED_OUT' as const,
    detail: 'Every session of your account was signed out, this one included: sign in again to continue.',
  };
}
