import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  awsClients,
  expectStatus,
  PASSWORD,
  removeData,
  signIn,
  verifiedPerson,
  type RunningStack,
} from '../integration/local-stack';
import { sharedStack } from '../support/shared-stack';
import { hasHorizontalScroll, launchChromium, screenshots } from './browser';

/**
 * The web client's answers when a person's identity and account disagree (issue 21, docs/identity.md): a
 * sign-in without an account (GET /v1/me 404) is led to finish signing up; an account suspended because its
 * sign-in was disabled (403 account-suspended) says why and what to do. No dead end either way.
 */

let stack: RunningStack;
let browser: Browser;
const run = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchChromium();
  stack = await sharedStack({ args: ['--demo-products', '0'] });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (stack) removeData(stack);
});

async function newPage(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, baseURL: stack.apiUrl });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (4\d\d)/.test(message.text())) errors.push(message.text());
  });
  return { page, errors, close: () => context.close() };
}

async function heading(page: Page, name: string | RegExp) {
  const locator = page.getByRole('heading', { level: 1, name });
  await locator.waitFor();
  return locator;
}

async function signInThroughTheForm(page: Page, email: string): Promise<void> {
  await page.goto('/signin');
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function expectNoHorizontalScrollAt360(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasHorizontalScroll(page)).toBe(false);
  await page.setViewportSize({ width: 1024, height: 800 });
}

describe('identity dead ends in the web client', () => {
  it('leads a sign-in without an account to finish signing up', async () => {
    const { page, errors, close } = await newPage();
    const shot = screenshots('identity');
    const email = `half-way.${run}@acme.example`;
    // A sign-up stopped between its two writes: a Cognito user with its password, and no account.
    const { cognito } = awsClients(stack);
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: stack.userPoolId,
        Username: email,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const token = await signIn(stack, email, PASSWORD);
    expect((await apiClient(stack)('GET', '/v1/me', { token })).status).toBe(404);

    await signInThroughTheForm(page, email);

    await heading(page, 'Finish signing up');
    expect(await page.getByText('your sign-up stopped half way').isVisible()).toBe(true);
    await expectNoHorizontalScrollAt360(page);
    await shot(page, 'finish-signing-up');
    await page.getByRole('button', { name: 'Sign up again' }).click();
    await heading(page, 'Create your account');
    expect(new URL(page.url()).pathname).toBe('/signup');
    await shot(page, 'sign-up-again');
    expect(errors).toEqual([]);
    await close();
  });

  it('tells a person whose sign-in was disabled that their account is suspended, and why', async () => {
    const { page, errors, close } = await newPage();
    const shot = screenshots('identity-suspended');
    const email = `disabled.${run}@acme.example`;
    await verifiedPerson(stack, email);
    await signInThroughTheForm(page, email);
    await heading(page, /^Welcome/);

    // An administrator disables the user in the console; reconciliation suspends the account.
    await awsClients(stack).cognito.send(
      new AdminDisableUserCommand({ UserPoolId: stack.userPoolId, Username: email }),
    );
    const operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
    let report: Record<string, unknown>;
    do {
      report = expectStatus(
        await apiClient(stack)('POST', '/v1/operator/identity-reconciliation', { token: operatorToken }),
        200,
      );
    } while (report.unfinished === true);
    expect(report.suspendedAccounts).toBe(1);

    // The session signed in before the disable still reaches the API, which refuses it with the reason.
    await page.reload();
    await heading(page, 'Your account is suspended');
    expect(await page.locator('.form-message').textContent()).toMatch(/enable your sign-in again/);
    expect(await page.getByText('Nothing is lost').isVisible()).toBe(true);
    await expectNoHorizontalScrollAt360(page);
    await shot(page, 'account-suspended');
    await page.locator('#main').getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in');
    expect(errors).toEqual([]);
    await close();
  });
});
