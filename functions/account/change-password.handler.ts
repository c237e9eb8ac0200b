import { changePassword } from '../core/use-cases/account/change-password';
import { accountDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { changePasswordRoute } from './change-password.route';

export const handler = idempotentApiHandler(changePasswordRoute, async ({ body, caller }) => ({
  status: 200,
  body: await changePassword(accountDependencies(), caller, body),
}));
