import { vi } from 'vitest';
import type * as ApiHandlerModule from '../../functions/http/api-handler';
import { checkProxyResult } from '../support/contract';

/**
 * Setup of the handler tests (test/vitest.config.ts): every route handler a test builds checks each answer it
 * gives against its route's declared schemas (test/support/contract.ts), so no test has to ask for it.
 */
vi.mock('../../functions/http/api-handler', async (importOriginal) => {
  const actual = await importOriginal<typeof ApiHandlerModule>();
  const apiHandler: typeof actual.apiHandler = (route, run, idempotency) => {
    const handler = actual.apiHandler(route, run, idempotency);
    const checked = async (...args: Parameters<typeof handler>) => {
      const result = await handler(...args);
      checkProxyResult(handler.route, result);
      return result;
    };
    return Object.assign(checked, { route: handler.route });
  };
  return { ...actual, apiHandler };
});
