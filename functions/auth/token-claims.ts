import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { ORGANIZATION_CLAIM } from '../core/domain/organization-claim';

/**
 * What the pre-token-generation trigger (pre-token-generation.handler.ts) answers Cognito, and the limits it
 * works within. Shared with lib/identity.ts (the function's timeout) and the local stack (its Lambda endpoint).
 */

/**
 * The trigger function's timeout. Cognito fails the sign-in (or the refresh) when its trigger answers after 5 s,
 * so the function gives up well before: its one read has ORGANIZATION_CLAIM_READ's deadline.
 */
export const PRE_TOKEN_GENERATION_TIMEOUT_SECONDS = 3;

/**
 * The account read of the trigger: at most `deadlineMs` in all (the token is then issued without the claim),
 * over a DynamoDB client that waits `connectionMs` for a connection and `requestMs` for an answer, twice at most.
 * A cold start (about 300 ms) plus the deadline stays far below the function's timeout.
 */
export const ORGANIZATION_CLAIM_READ = {
  deadlineMs: 1000,
  maxAttempts: 2,
  connectionMs: 300,
  requestMs: 400,
} as const;

/**
 * `event` with the organization claim added when there is one, every claim override already in it kept (V1
 * event: ID token claims only). Cognito hands the trigger `claimsOverrideDetails: null` when nothing set it.
 */
export function withOrganizationClaim(
  event: PreTokenGenerationTriggerEvent,
  organizationId: string | undefined,
): PreTokenGenerationTriggerEvent {
  if (!organizationId) return event;
  const details =
    (event.response.claimsOverrideDetails as
      PreTokenGenerationTriggerEvent['response']['claimsOverrideDetails'] | null | undefined) ?? {};
  return {
    ...event,
    response: {
      ...event.response,
      claimsOverrideDetails: {
        ...details,
        claimsToAddOrOverride: { ...details.claimsToAddOrOverride, [ORGANIZATION_CLAIM]: organizationId },
      },
    },
  };
}
