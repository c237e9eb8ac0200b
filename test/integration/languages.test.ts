import { setTimeout as sleep } from 'node:timers/promises';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  mailbox,
  PASSWORD,
  person,
  removeData,
  signIn,
  type RunningStack,
} from './local-stack';
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

/** The claims of a JWT (no check of the signature: the API checks it; this reads what the token says). */
function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('an account that changes its language with PUT /v1/me/locale', () => {
  it('gets problems in it without Accept-Language once its token is renewed (sign-in or refresh), and emails', async () => {
    const email = `sprache${Date.now()}@acme-languages.example`;
    // Signed up without Accept-Language nor a locale: English.
    expect((await api('POST', '/v1/signup', { body: person(email) })).status).toBe(202);
    const code = /(\d{6})$/.exec((await mail.emailsTo(email)).at(-1)?.subject ?? '')?.[1];
    expect((await api('POST', '/v1/signup/verify', { body: { email, code } })).status).toBe(200);
    const { cognito } = awsClients(stack);
    const first = await cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    const englishToken = first.AuthenticationResult?.IdToken ?? '';
    const refreshToken = first.AuthenticationResult?.RefreshToken ?? '';
    expect(claimsOf(englishToken)['locale']).toBe('en');

    // The portal refuses an account at CHOOSE_ACCESS_TYPE: a 403 that names the next step.
    const english = await api('GET', '/v1/portal/summary', { token: englishToken });
    expect(english.status).toBe(403);
    expect(english.body).toMatchObject({
      type: '/problems/business-account-required',
      title: 'Forbidden',
      detail: 'The portal opens once your business account is active.',
      nextStep: { step: 'CHOOSE_ACCESS_TYPE', path: '/v1/me/access-type' },
    });

    const changed = await api('PUT', '/v1/me/locale', { token: englishToken, body: { locale: 'de' } });
    expect(changed.status).toBe(200);

    // A token keeps the claim it was issued with (English here); a refreshed token carries the new one.
    expect((await api('GET', '/v1/portal/summary', { token: englishToken })).body).toMatchObject({
      title: 'Forbidden',
    });
    const refreshed = await cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    const refreshedToken = refreshed.AuthenticationResult?.IdToken ?? '';
    expect(claimsOf(refreshedToken)['locale']).toBe('de');
    const signedInAgain = await signIn(stack, email, PASSWORD);
    expect(claimsOf(signedInAgain)['locale']).toBe('de');

    for (const token of [refreshedToken, signedInAgain]) {
      // No Accept-Language: the account's language comes from the token's locale claim.
      const german = await api('GET', '/v1/portal/summary', { token });
      expect(german.status).toBe(403);
      expect(german.body).toMatchObject({
        type: '/problems/business-account-required',
        title: 'Zugriff verweigert',
        detail: 'Das Portal steht Ihnen zur Verfügung, sobald Ihr Geschäftskonto aktiv ist.',
        nextStep: {
          step: 'CHOOSE_ACCESS_TYPE',
          path: '/v1/me/access-type',
          description:
            'Teilen Sie uns mit, ob Sie für eine Kundenorganisation oder für einen Partner tätig sind.',
        },
      });
    }

    // An email sent afterwards follows the account: a password reset code, in German.
    await sleep(1100);
    expect((await api('POST', '/v1/password/forgot', { body: { email } })).status).toBe(202);
    const reset = (await mail.emailsTo(email)).at(-1);
    expect(reset?.subject).toMatch(/^Ihr Code zum Zurücksetzen des Portico-Passworts: \d{6}$/);
  });
});
