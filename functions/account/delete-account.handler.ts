import { deleteMyAccount } from '../core/use-cases/account/delete-my-account';
import { erasureDependencies } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { deleteAccountRoute } from './delete-account.route';

export const handler = idempotentApiHandler(deleteAccountRoute, async ({ body, caller }) => ({
  status: 200,
  body: await deleteMyAccount(erasureDependencies(), caller, body),
}));
