import { requestEmailChange } from '../core/use-cases/account/request-email-change';
import { onboardingDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { requestEmailChangeRoute } from './request-email-change.route';

export const handler = idempotentApiHandler(requestEmailChangeRoute, async ({ body, caller }) => ({
  status: 202,
  body: await requestEmailChange(onboardingDependencies(), caller, body),
}));
