import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, mailbox, person, removeData, startStack, type RunningStack } from './local-stack';

/** Throttling with the production interval (60 s) and codes that expire after 2 seconds. */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  stack = await startStack({ env: { CODE_TTL_SECONDS: '2' } });
  api = apiClient(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('one-time code rules on the running stack', () => {
  it('throttles resends and repeated sign-ups for 60 seconds, with Retry-After', async () => {
    const email = `throttle${Date.now()}@acme.example`;
    expect((await api('POST', '/v1/signup', { body: person(email) })).status).toBe(202);

    const resend = await api('POST', '/v1/signup/resend', { body: { email } });
    expect(resend.status).toBe(429);
    expect(resend.contentType).toContain('application/problem+json');
    expect(Number(resend.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(Number(resend.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    expect((await api('POST', '/v1/signup', { body: person(email) })).status).toBe(429);
    expect(await mailbox(stack).emailsTo(email)).toHaveLength(1);
  });

  it('throttles concurrent resends so that only one email goes out', async () => {
    const email = `burst${Date.now()}@acme.example`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => api('POST', '/v1/signup/resend', { body: { email } })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('refuses an expired code', async () => {
    const email = `expiry${Date.now()}@acme.example`;
    await api('POST', '/v1/signup', { body: person(email) });
    const code = await mailbox(stack).latestCode(email);
    await sleep(2500);
    const answer = await api('POST', '/v1/signup/verify', { body: { email, code } });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('/problems/code-expired');
  });

  it('reads an unknown address as "no valid code"', async () => {
    const answer = await api('POST', '/v1/signup/verify', {
      body: { email: `nobody${Date.now()}@acme.example`, code: '123456' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('/problems/code-expired');
  });
});
