import { confirmEmailChange } from '../core/use-cases/account/confirm-email-change';
import { emailChangeDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { confirmEmailChangeRoute } from './confirm-email-change.route';

export const handler = idempotentApiHandler(confirmEmailChangeRoute, async ({ body, caller, locale }) => ({
  status: 200,
  body: await confirmEmailChange({ ...emailChangeDependencies(), locale }, caller, body),
}));
