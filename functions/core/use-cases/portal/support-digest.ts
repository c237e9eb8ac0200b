import { receivesDigest, readUnsubscribeToken } from '../../domain/support-digest';
import { ValidationError } from '../../errors';
import type { CodeSecret, SupportDigestStore } from '../../ports';
import type { PortalMember } from '../portal-access';
import * as problemDetails from '../../i18n/details/compiled/index';

export interface SupportDigestChoice {
  /** Whether the person receives the weekly support-expiry digest. */
  readonly enabled: boolean;
  /** Whether that is their role's default (they never chose). */
  readonly isDefault: boolean;
}

/** The digest choice shown to a member (GET /v1/me shows it; the PUT answers it). */
export function supportDigestChoiceOf(
  role: 'MEMBER' | 'ADMINISTRATOR',
  choice: boolean | undefined,
): SupportDigestChoice {
  return { enabled: receivesDigest(role, choice), isDefault: choice === undefined };
}

/**
 * A member turns the weekly digest on or off (PUT /v1/me/support-digest): the choice is written on their
 * account and membership together. Idempotent. A member who left meanwhile gets the usual portal refusal from
 * the access check before this runs; the store's condition catches a departure in between (nothing written).
 */
export async function chooseSupportDigest(
  deps: { readonly digests: SupportDigestStore },
  member: PortalMember,
  enabled: boolean,
): Promise<SupportDigestChoice> {
  await deps.digests.setChoice(member.organizationId, member.account.userId, enabled);
  return { enabled, isDefault: false };
}

export const INVALID_UNSUBSCRIBE_TOKEN = 'is not an unsubscribe link Portico sent';

/**
 * Turns the digest off from the link in a digest (POST /v1/support-digest/unsubscribe, no sign-in): the token
 * is verified with the code secret and names the organization and person. Idempotent: the same answer however
 * often it is used, and for someone who has left the organization since (nothing is left to stop). A token
 * that is not Portico's is a 400 naming `/token`.
 */
export async function unsubscribeFromDigest(
  deps: { readonly digests: SupportDigestStore; readonly codeSecret: CodeSecret },
  token: string,
): Promise<{ readonly unsubscribed: true }> {
  const subscriber = readUnsubscribeToken(await deps.codeSecret.get(), token);
  if (!subscriber) {
    throw new ValidationError('The unsubscribe link is not valid.', [
      { pointer: '/token', detail: INVALID_UNSUBSCRIBE_TOKEN },
    ]).keyed(problemDetails.unsubscribeInvalid);
  }
  await deps.digests.setChoice(subscriber.organizationId, subscriber.userId, false);
  return { unsubscribed: true };
}
