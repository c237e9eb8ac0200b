import middy from '@middy/core';
import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { logger } from '../core/logger';
import { organizationClaim } from '../core/use-cases/organization-claim';
import { organizationClaimDependencies } from '../core/wiring';
import { withOrganizationClaim } from './token-claims';

/**
 * Cognito's pre-token-generation trigger (V1: the ID token, which the API authorizes with): names the caller's
 * organization in the `portico:organization` claim, a hint that lets a portal read start on the organization
 * beside the account (docs/security.md). It never fails a sign-in or a refresh: whatever goes wrong is logged
 * and the token is issued as it would be without the trigger.
 */
export const handler = middy<PreTokenGenerationTriggerEvent, PreTokenGenerationTriggerEvent, Error, Context>()
  .use(logger.injectLambdaContext())
  .handler(async (event) => {
    try {
      const userId = event.request.userAttributes.sub;
      return withOrganizationClaim(event, await organizationClaim(organizationClaimDependencies(), userId));
    } catch (error) {
      logger.error('token issued without the organization claim', {
        error,
        triggerSource: event.triggerSource,
      });
      return event;
    }
  });
