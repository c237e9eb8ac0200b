import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, mailbox, PASSWORD, person, removeData, signIn, type RunningStack } from './local-stack';
import { sharedStack } from '../support/shared-stack';

/** Languages over HTTP on the local stack (docs/languages.md): the account's locale and what it changes. */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;
let mail: ReturnType<typeof mailbox>;

beforeAll(async () => {
  // Resend interval shortened to 1 s: the test sends a reset code soon after the sign-up's code.
  stack = await sharedStack({ env: { CODE_RESEND_INTERVAL_SECONDS: '1' } });
  api = apiClient(stack);
  mail = mailbox(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('a person who signs up with Accept-Language: fr', () => {
  it('gets the code email in French, keeps French on the account, and can switch to Japanese', async () => {
    const email = `langue${Date.now()}@acme-languages.example`;

    const signUp = await api('POST', '/v1/signup', {
      body: person(email),
      headers: { 'Accept-Language': 'fr-FR, fr;q=0.9, en;q=0.5' },
    });
    expect(signUp.status).toBe(202);

    const [codeEmail] = await mail.emailsTo(email);
    expect(codeEmail?.subject).toMatch(/^Votre code de vérification Portico : \d{6}$/);
    expect(codeEmail?.body.text).toContain('Bonjour Dana,');
    expect(codeEmail?.body.text).toMatch(/Il est valable \d+ minutes\./);
    const code = /(\d{6})$/.exec(codeEmail?.subject ?? '')?.[1];

    // A wrong code: the problem in the request's language, type unchanged.
    const wrong = await api('POST', '/v1/signup/verify', {
      body: { email, code: code === '000000' ? '111111' : '000000' },
      headers: { 'Accept-Language': 'fr' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      type: '/problems/invalid-code',
      title: 'Le code ne peut pas être accepté',
      detail: expect.stringMatching(/^Le code est incorrect\. Il vous reste \d+ essais?\.$/),
    });

    expect((await api('POST', '/v1/signup/verify', { body: { email, code } })).status).toBe(200);
    const token = await signIn(stack, email, PASSWORD);
    expect((await api('GET', '/v1/me', { token })).body).toMatchObject({ locale: 'fr' });

    const changed = await api('PUT', '/v1/me/locale', { token, body: { locale: 'ja' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ locale: 'ja' });
    expect((await api('GET', '/v1/me', { token })).body).toMatchObject({ locale: 'ja' });

    // The next email follows the account: a password reset code, in Japanese.
    await sleep(1100);
    expect((await api('POST', '/v1/password/forgot', { body: { email } })).status).toBe(202);
    const reset = (await mail.emailsTo(email)).at(-1);
    expect(reset?.subject).toMatch(/^Portico パスワード再設定コード: \d{6}$/);
  });

  it('answers field errors in Japanese for Accept-Language: ja', async () => {
    const answer = await api('POST', '/v1/signup', {
      body: { ...person('not-an-address'), locale: 'es' },
      headers: { 'Accept-Language': 'ja' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      type: '/problems/validation-error',
      title: 'リクエストが正しくありません',
      errors: expect.arrayContaining([
        { pointer: '/email', detail: 'には有効なメールアドレスを指定してください' },
        { pointer: '/locale', detail: 'には en、fr、de、ja のいずれかを指定してください' },
      ]),
    });
  });
});
