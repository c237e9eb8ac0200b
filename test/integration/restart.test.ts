import { afterAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  mailbox,
  PASSWORD,
  person,
  removeData,
  signIn,
  startStack,
  type RunningStack,
} from './local-stack';

/** `npm start` keeps data on disk: stopping and starting the stack loses no account, code or state. */

let stack: RunningStack | undefined;

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('restarting the local stack', () => {
  it('keeps accounts, verification and onboarding state', async () => {
    stack = await startStack();
    const email = `restart${Date.now()}@acme.example`;
    let api = apiClient(stack);
    await api('POST', '/v1/signup', { body: person(email) });
    const code = await mailbox(stack).latestCode(email);
    await stack.stop();

    stack = await startStack({ dataDirectory: stack.dataDirectory });
    api = apiClient(stack);
    expect((await api('POST', '/v1/signup/verify', { body: { email, code } })).status).toBe(200);
    const token = await signIn(stack, email, PASSWORD);
    await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
    await stack.stop();

    stack = await startStack({ dataDirectory: stack.dataDirectory });
    api = apiClient(stack);
    const again = await signIn(stack, email, PASSWORD);
    expect((await api('GET', '/v1/me', { token: again })).body).toMatchObject({
      state: 'REGISTER_BUSINESS',
      email,
    });
  });
});
